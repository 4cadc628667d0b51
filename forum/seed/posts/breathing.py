"""Demo posts: cystic fibrosis, asthma, and babies born early."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="salty_kisses_cf",
        kind="hack",
        title="Airway clearance as a game: vest time became pilot training",
        days_ago=240,
        conditions=("cystic-fibrosis",),
        tags=("airway-clearance", "vest", "games"),
        body=md("""
            Our son is 8 and does airway clearance twice a day: nebulized hypertonic saline,
            then 20 minutes in the vest, with huff coughs every few minutes. For a year it was
            the worst 40 minutes of every day. Tears, stalling, "five more minutes".

            What changed it was **pilot training**.

            - The vest is his **flight suit**. The nebulizer is "oxygen before takeoff".
            - Every session is a **mission** on a card we made (laminated, 30 of them): "Fly to
              Iceland and count volcanoes", "Land on an aircraft carrier". He picks one out of a
              shoebox.
            - **Huff coughs are engine checks.** The co-pilot (me, or his sister) calls "engine
              check!" and he does three huffs. He loves shouting "engines clear!" when something
              comes up. Which, honestly, is the point.
            - When he finishes 10 missions he gets a **wing pin**. They're cheap online. He has
              eleven on his backpack.

            What else helped:

            - Same time, same chair, every day. No negotiating.
            - A tablet holder on the vest machine for the missions that need a map or a video.
            - His CF team's respiratory therapist checked his huffing in clinic, so we know the
              game isn't costing anything in how well it works.

            We're 14 months in. Sessions are no longer a fight most days. Some days he still
            hates it, and that's fine: pilots have bad days too.
        """),
        comments=(
            (
                "cf_adult_nate",
                "28-year-old CF pilot here. I wish I'd had this at 8. The \"no negotiating, "
                'same time" part is what kept me going as an adult too.',
            ),
            (
                "micro_preemie_mama",
                'We do chest physio for our little one with BPD. Stealing "engine check" '
                "immediately.",
            ),
            (
                "salty_kisses_cf",
                "@cf_adult_nate that means a lot. He thinks adults with CF are superheroes, so "
                "you're officially one.",
            ),
        ),
        outcomes=(
            (
                "t1d_nightshift",
                "stopped",
                "Mission cards for site changes; he was bored in two weeks.",
            ),
            (
                "cf_adult_nate",
                "worked",
                "Used the mission-card idea with my niece for her inhaler.",
            ),
            (
                "micro_preemie_mama",
                "partly",
                "She's two, so missions are simpler. Engine check works.",
            ),
            ("jia_mama_bear", "worked", "Missions for Lila's daily stretches. Big hit."),
            ("asthma_abuela", "worked", "My grandson does his spacer as an astronaut now."),
        ),
    ),
    DemoPost(
        author="cf_adult_nate",
        kind="hack",
        title="Enzymes everywhere: the stash system that stopped me forgetting Creon",
        days_ago=150,
        conditions=("cystic-fibrosis",),
        tags=("enzymes", "medicines", "adults"),
        body=md("""
            I'm 28 with CF and I take enzymes with every meal and snack. For years I forgot
            them constantly: at work lunches, at friends' houses, on dates. Then a bad day of
            stomach pain and greasy stools later.

            The fix wasn't willpower. It was having enzymes **wherever food happens**.

            - **Five small pill cases**, each with a day's worth: one in my work bag, one in the
              car, one in my jacket, one at my partner's, one in the gym bag.
            - Every **Sunday night refill** from the big bottle, at the same time as my weekly
              meds. It takes four minutes.
            - A **keychain capsule** holder as the last line of defense.
            - I told my two closest coworkers, so "did you take your pills?" at team lunches is
              normal, not weird.

            Since doing this (about a year) my CF dietitian says my weight is the most stable
            it has been since my twenties started.

            Things to know:

            - Check the storage instructions on your enzymes. **Heat damages them**, so the car
              case lives in the glove box in winter only, and in my bag in summer.
            - Your dose per meal and snack is your team's call. This is only about having them
              with you.

            The [CF Foundation](https://www.cff.org) has a good page on enzymes if you're new to
            this.
        """),
        comments=(
            (
                "salty_kisses_cf",
                "We're starting to hand this over to our son and this is exactly the system I "
                "want him to have at 18. Thank you for the heat tip.",
            ),
            (
                "lupus_and_latte",
                'Not CF, but the "medicine wherever the activity is" idea works for my '
                "midday lupus meds too.",
            ),
        ),
        outcomes=(
            (
                "gutsy_grace17",
                "stopped",
                "Cases everywhere and I lost track of which were full. Back to one.",
            ),
            ("salty_kisses_cf", "worked", "Backpack and grandma's-house stash for our son."),
            (
                "lupus_and_latte",
                "worked",
                "Work-bag case for midday pills. Haven't missed one since.",
            ),
            (
                "sickle_strong_jay",
                "partly",
                "Stash for folic acid and pain meds. Still forget refills.",
            ),
        ),
    ),
    DemoPost(
        author="salty_kisses_cf",
        kind="question",
        title="Salt and fluids at a week-long sports camp for a kid with CF?",
        days_ago=20,
        conditions=("cystic-fibrosis",),
        tags=("sports", "hydration", "camp"),
        body=md("""
            Our son is going to a week-long soccer day camp, outdoors, 9 to 4. Kids with CF
            lose a lot more salt in sweat, and our team gave us a salt plan, but I'm worried
            about the practical side:

            - How do you make sure a camp counselor actually hands over the salty snacks or
              electrolyte drink at the right times?
            - Did anyone use salt tablets vs pretzels and sports drinks? What did your kid
              actually take?
            - Any signs you've taught coaches to watch for?

            He's 8 and will absolutely not want to be "the kid with the special drink".
        """),
        comments=(
            (
                "cf_adult_nate",
                "Speaking as a former CF kid at soccer camp: give him salty snacks every kid "
                "likes (pretzels, salted chips) so it doesn't look special. A sports drink is "
                "normal at soccer. Ask your team about adding salt to it.",
            ),
            (
                "camp_counselor_bea",
                "Counselor here. A **one-page plan with times** works far better than a long "
                "letter. Ours go on the inside of the first-aid bag. If you tell us the warning "
                "signs in plain words (headache, really tired, cramps, not peeing much), we'll "
                "watch for them.",
            ),
            (
                "asthma_rt_marcus",
                "Agree with the one-pager. Also hand it to the head coach in person on day one. "
                "Paperwork sent ahead often never reaches the people on the field.",
            ),
        ),
    ),
    DemoPost(
        author="asthma_abuela",
        kind="hack",
        title="The asthma action plan on the fridge, with photos of each inhaler",
        days_ago=210,
        conditions=("asthma",),
        tags=("action-plan", "inhalers"),
        body=md("""
            I'm raising my grandson, who is 8 and has asthma. The action plan from the clinic
            was a full page of small print, and when he was wheezing at night I could never find
            the line I needed, or remember which inhaler was the "controller" and which was the
            "rescue".

            So my daughter and I remade it.

            - **Three colored sheets** on the fridge, green, yellow and red, like the zones.
              Each one says in big letters what he feels like and what to do.
            - **Photos of the actual inhalers** taped next to each step. "Give 2 puffs of THIS
              one (blue)" with a picture is so much easier at 3 a.m.
            - The **spacer** is in the photo too, because he kept skipping it.
            - The red sheet has "Call 911" at the top in red marker, and the clinic number.
            - A smaller copy lives in his backpack and one with his school nurse.

            We took the new version to his next visit and the nurse checked every line against
            the doctor's plan, so nothing got lost in our translation.

            Since then he's had two yellow-zone days, and both times I knew exactly what to do.
            No ER visits this year. The [CDC asthma
            pages](https://www.cdc.gov/asthma/) have printable action plans if you want to start
            from one.
        """),
        comments=(
            (
                "asthma_rt_marcus",
                'This is exactly what we mean by "make the plan usable". The nurse checking '
                "your version is the important step. Photos of the real inhalers are a great "
                "idea; brands change color.",
            ),
            (
                "dravet_dad",
                "Doing this with our seizure rescue plan. Photos of the actual nasal spray "
                "would help the babysitter a lot.",
            ),
            (
                "asthma_abuela",
                "Yes, and when the pharmacy switched his brand we had to redo the photo. Worth "
                "checking each refill.",
            ),
        ),
        outcomes=(
            (
                "celiac_lunchbox",
                "no_effect",
                "Photo plan for allergy meds; school insisted on its own form.",
            ),
            (
                "dravet_dad",
                "worked",
                "Photo version of the seizure rescue plan. Babysitter approved.",
            ),
            ("micro_preemie_mama", "worked", "Color-zone sheets for home oxygen."),
            (
                "t1d_nightshift",
                "partly",
                "Did a hypo version. The school nurse preferred their form.",
            ),
            ("salty_kisses_cf", "worked", ""),
            (
                "asthma_rt_marcus",
                "worked",
                "Now offer families a photo-plan session in clinic. Takes 10 minutes.",
            ),
        ),
    ),
    DemoPost(
        author="asthma_rt_marcus",
        kind="change_idea",
        title="A spacer with every inhaler at school: a school-nurse change that stuck",
        days_ago=170,
        conditions=("asthma",),
        tags=("school", "spacer", "school-nurse", "qi"),
        body=md("""
            **What we found.** Our school asthma program audited the rescue inhalers kept in
            school nurse offices across 11 elementary schools. Of 164 inhalers, **only 58 had a
            spacer with them**. Without a spacer, most young children get little of the
            medicine into their lungs.

            **The change.**

            1. Every child's clinic visit ends with two spacers: one for home, one labeled for
               school.
            2. Our school nurses check each inhaler as it arrives in September. No spacer: they
               message us and we send one, usually within a week.
            3. Nurses got a 15-minute refresher on spacer technique, including masks for the
               youngest children.

            **Results after one school year.** 149 of 171 inhalers had a spacer by November
            (87%). Nurses reported more confidence giving rescue doses, and two schools asked
            for the refresher for PE staff too.

            **What didn't work.** We tried asking families to bring spacers themselves. Almost
            none did, usually because insurance covers one and they kept it at home. Handing
            out the second one ourselves was the change that mattered. Some insurers will cover
            a second spacer if the prescription says "one for school"; worth trying first.
        """),
        comments=(
            (
                "asthma_abuela",
                "We only had one spacer for years and it always stayed home. I had no idea you "
                "could get one for school.",
            ),
            (
                "qi_coach_dana",
                "Nice audit-to-change story. Would love to see the ED-visit data next year.",
            ),
            (
                "mr_h_teaches_5th",
                "As a teacher I didn't know spacers mattered this much. Now I check my field "
                "trip bag has both.",
            ),
        ),
        outcomes=(
            ("qi_coach_dana", "worked", "Shared with two school districts in our network."),
            (
                "ibd_nurse_ro",
                "partly",
                "Audited our school letters the same way; the audit itself was the eye-opener.",
            ),
        ),
    ),
    DemoPost(
        author="asthma_abuela",
        kind="question",
        title="Wildfire smoke and fireworks days: what do you do for asthma?",
        days_ago=8,
        conditions=("asthma",),
        tags=("air-quality", "smoke", "triggers"),
        body=md("""
            The last few weeks we've had smoke from fires far away, and my grandson has needed
            his rescue inhaler more than all year. He's 8 and wants to be outside with his
            friends.

            What I'm doing now:

            - Checking the air quality on [AirNow](https://www.airnow.gov) every morning.
            - Keeping windows shut and running a box fan with a filter taped to it (a neighbor
              showed me).
            - Asking the school whether recess moves inside on bad days.

            Questions for other families:

            1. At what air quality number do you keep your child in?
            2. Has anyone asked their doctor about stepping up the controller medicine during
               smoke season?
            3. Fireworks next month are a big thing in our neighborhood. Do you just leave
               town?
        """),
        comments=(
            (
                "asthma_rt_marcus",
                "The box-fan filter works, it's a recognized do-it-yourself air cleaner; keep "
                "it running in the room he sleeps in. Ask his doctor whether his action plan "
                "should say what to do on bad air days, and yes, some children step up their "
                "controller during smoke season on their doctor's advice.",
            ),
            (
                "salty_kisses_cf",
                'We go inside at "unhealthy for sensitive groups" (orange). For fireworks we '
                "watch from the car with the windows up. He thinks it's a treat.",
            ),
        ),
    ),
    DemoPost(
        author="micro_preemie_mama",
        kind="hack",
        title="The NICU discharge checklist I wish we'd had (26-weeker, home on oxygen)",
        days_ago=260,
        conditions=("preterm-birth", "bronchopulmonary-dysplasia"),
        tags=("nicu", "discharge", "oxygen", "checklist"),
        body=md("""
            Our daughter was born at 26 weeks and spent 109 days in the NICU. We went home with
            oxygen, a feeding schedule, eight appointments and no idea what we'd forgotten.
            This is the checklist I now give every NICU parent I meet. Go through it in the
            last two weeks, not the last two days.

            **Before discharge day**

            - **Room-in overnight** at the hospital if they offer it. Do a full night of
              feeds, meds and alarms with the nurses down the hall.
            - **Car seat test** done (some babies need a car bed) and the seat installed and
              checked.
            - Both parents have done **infant CPR**, with the oxygen on.
            - **Oxygen supplier** has delivered the home concentrator *and* portable tanks;
              you know how long a tank lasts at her flow.
            - Every medicine is **filled at your pharmacy** and the doses match the discharge
              list. Ours didn't: one was 10 times the strength.
            - You know which **immunizations** she had, and whether she's had her RSV
              protection.

            **Papers to have in one folder**

            - Discharge summary (ask for a copy, don't wait for it to be faxed).
            - Every follow-up appointment: pediatrician, pulmonology, eye exam, developmental
              follow-up, early intervention referral.
            - Her oxygen prescription and the supplier's 24-hour line.
            - Growth chart with corrected age.

            **At home, first two weeks**

            - Keep visitors to a minimum and anyone sick away. Hand washing at the door.
            - A feeding log, including volume and any spit-ups. The pediatrician will ask.
            - Know the signs that mean call now vs go to the ER. Write them down (see the
              interstage binder post on this forum; same idea).

            **What nobody told us**

            - **Early intervention** is free in the US for eligible babies, and the referral can
              start before discharge. We waited four months because nobody submitted it.
            - The first pediatrician visit should be within a few days. Book it before you
              leave.
            - It is normal to feel terrified when the monitors are gone. Ask the NICU social
              worker about parent support groups. Ours saved me.

            She's 13 months corrected now, still on a little oxygen, and into everything.
        """),
        comments=(
            (
                "fontan_family",
                "The pharmacy mismatch is so real. We had the same with a diuretic. Checking "
                "every bottle against the discharge list should be on every checklist.",
            ),
            (
                "ibd_nurse_ro",
                "The early intervention referral gap is a known problem. Good on you for "
                'flagging it; parents asking "has the EI referral been sent?" gets it done.',
            ),
            (
                "micro_preemie_mama",
                "One I forgot: ask for a copy of the newborn hearing screen result. We were "
                "asked for it at three different appointments.",
            ),
            (
                "qi_coach_dana",
                "This would make an excellent parent-led change idea for a NICU discharge "
                "collaborative. Would you be open to sharing it with one?",
            ),
        ),
        outcomes=(
            (
                "fontan_family",
                "worked",
                "Gave this to a family in our heart group whose baby was premature too.",
            ),
            ("qi_coach_dana", "worked", "Two NICUs in our network added the pharmacy check."),
            (
                "dravet_dad",
                "partly",
                "Used the folder idea for our daughter's hospital discharge. Not all items apply.",
            ),
        ),
    ),
    DemoPost(
        author="micro_preemie_mama",
        kind="question",
        title="Oxygen tubing and a crawling baby: how do you keep it untangled?",
        days_ago=235,
        conditions=("bronchopulmonary-dysplasia",),
        tags=("oxygen", "home"),
        body=md("""
            Our daughter (born at 26 weeks, BPD) is crawling now and still on low-flow oxygen
            with 50 feet of tubing. She wraps it round chair legs, the dog steps on it,
            and twice the cannula has come off without us noticing for a while.

            What have you done at home?

            - Swivel connectors? Where do you put them?
            - Ceiling hooks or a clothesline-type run across the room?
            - Tape vs cannula holders for an active baby?
            - How do you handle stairs?

            We have a small house with lots of doorways, so anything that blocks doors isn't
            going to work.
        """),
        comments=(
            (
                "fontan_family",
                "We had a **swivel connector at the cannula end and one halfway**. Made a huge "
                "difference to tangling. Our oxygen supplier had them for free; ask.",
            ),
            (
                "salty_kisses_cf",
                "Cheap hydrocolloid tape on the cheeks first, then the cannula tape on top. "
                "Our nurse showed us; it's much gentler on the skin.",
            ),
            (
                "micro_preemie_mama",
                "Two swivels arrived today. First afternoon with no tangles in weeks. Thank you!",
            ),
        ),
    ),
)
