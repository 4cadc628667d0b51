"""Demo posts: arthritis, diabetes and celiac disease in everyday family life."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="jia_mama_bear",
        kind="hack",
        title="Methotrexate injection night: our routine for a 6-year-old with JIA",
        days_ago=270,
        conditions=("juvenile-idiopathic-arthritis",),
        tags=("injections", "methotrexate", "routines"),
        body=md("""
            Lila has had weekly methotrexate injections since she was 5. The first months,
            injection night meant an hour of screaming, and then she felt sick all of Saturday.
            This is the routine we've settled on, a year in.

            **Friday night, not a school night.** The nausea, when it comes, lands on the
            weekend. Her rheumatologist was fine with any fixed day.

            **Numbing cream one hour before.** We put it on at 6 p.m. under a clear dressing
            and set a timer. She picks the spot (thigh or tummy, rotating) from a little body
            map on the fridge where we mark each week.

            **Cold and vibration.** An ice pack for a minute, then a vibrating bee gadget just
            above the spot during the injection. It really does take the edge off.

            **Her jobs.** She wipes the spot, counts down from five, and puts the sticker on
            the chart. Having jobs made her part of it instead of something done to her.

            **Nausea plan.** Ginger cookies and a cold drink ready; the smell of the alcohol
            swab was a trigger for her, so now we open it in another room. Her team also
            prescribed an anti-nausea medicine for the bad weeks. Ask about that early; we
            waited months.

            **Afterwards:** 20 minutes of a film, only on injection night. She now reminds *us*.

            It still isn't fun. But it's 15 minutes now, not an hour, and she rarely cries.
        """),
        comments=(
            (
                "t1d_nightshift",
                "The body map for rotating sites is what we use for pump sites too. Kids like "
                "being in charge of where.",
            ),
            (
                "lupus_and_latte",
                "I was on methotrexate shots at 16 and the alcohol-swab smell made me nauseous "
                "for years after. Opening it in another room is such a smart catch.",
            ),
            (
                "jia_mama_bear",
                "@lupus_and_latte that's so validating to hear. People think I'm imagining the "
                "smell thing.",
            ),
            (
                "ibd_nurse_ro",
                "Some of our IBD kids are on methotrexate too. The anticipatory nausea is "
                "common and worth treating early, as you say. Sharing this with our families.",
            ),
        ),
        outcomes=(
            ("lupus_and_latte", "worked", "Other room for the swab, for my own injections. Helps."),
            (
                "t1d_nightshift",
                "partly",
                "Jobs for the kid helped a lot. Vibration gadget, not much.",
            ),
            (
                "tessa_and_theo",
                "worked",
                "Theo's on methotrexate too. Friday nights changed our week.",
            ),
            ("salty_kisses_cf", "worked", ""),
            (
                "dravet_dad",
                "no_effect",
                "Tried the numbing cream for blood draws; didn't help with her fear at all.",
            ),
        ),
    ),
    DemoPost(
        author="jia_mama_bear",
        kind="question",
        title="Morning stiffness before school: what gets your kid moving?",
        days_ago=60,
        conditions=("juvenile-idiopathic-arthritis",),
        tags=("mornings", "school", "stiffness"),
        body=md("""
            Lila's knees and hands are stiff for the first hour after she wakes up, even on the
            good weeks. School starts at 8:15. Right now mornings are me half carrying her to
            the bathroom and her crying over buttons.

            Things we've tried:

            - Waking her 30 minutes earlier. Helps a bit; she's exhausted by afternoon.
            - A warm bath. Helps a lot, but takes time we don't have.
            - Clothes without buttons. Yes, obviously, now.

            What do your mornings look like? Did anyone get a later start or a first-period
            accommodation in a 504? And what about the gym class at 8:30 on Tuesdays?
        """),
        comments=(
            (
                "salty_kisses_cf",
                "Not JIA, but we warm the clothes in the dryer for 5 minutes for our son's "
                "morning vest session. Might help with stiff hands?",
            ),
            (
                "gutsy_grace17",
                "I have joint pain with my Crohn's and a heated throw blanket that switches on "
                "20 min before my alarm (smart plug!) was a game changer.",
            ),
            (
                "jia_mama_bear",
                "Smart plug + electric blanket = Lila moved her own legs this morning. And the "
                "school moved gym to the afternoon in her 504.",
            ),
        ),
    ),
    DemoPost(
        author="qi_coach_dana",
        kind="change_idea",
        title="Show families the treat-to-target dashboard at every JIA visit",
        days_ago=180,
        conditions=("juvenile-idiopathic-arthritis",),
        tags=("qi", "dashboard", "shared-decisions"),
        body=md("""
            One of our rheumatology clinics wanted more children to reach inactive disease
            sooner. Their records showed targets were set, but families couldn't say what the
            target was.

            **The change**: in every visit, the provider turns the screen toward the family and
            goes through a one-screen dashboard for the child:

            - active joint count over time (a simple line chart);
            - the physician's and the parent's global scores, side by side;
            - the agreed target ("no active joints by the next visit"), and what happens if we
              miss it.

            **PDSA notes**

            - Cycle 1: two providers, four weeks. Families liked it; visits were 3 minutes
              longer.
            - Cycle 2: the medical assistant now opens the dashboard before the provider comes
              in. Time cost fell to about a minute.
            - Cycle 3: added the parent's global score on a tablet in the waiting room, so it's
              ready on the chart.

            **What we measured**: the share of visits where the family could name the target
            when asked at checkout rose from 22% to 71% over four months. Time to first inactive
            disease is still being tracked; too early to say.

            **What we learned**: seeing their *own* score next to the doctor's started honest
            conversations. Several parents scored worse than the doctor did, usually because of
            pain at home that never showed up in clinic.

            Learning health networks like [PR-COIN](https://www.pr-coin.org) share dashboards
            like this across centers; worth looking at before building your own.
        """),
        comments=(
            (
                "jia_mama_bear",
                "Our rheumatologist started doing this. First time I understood what \"we're "
                'aiming for inactive" meant in practice. Also the first time anyone asked me '
                "how *I* thought she was doing.",
            ),
            (
                "lupus_pro_lab",
                "The parent-physician score gap is such a rich signal. We see the same in lupus "
                "between teen-reported fatigue and physician global scores.",
            ),
        ),
        outcomes=(
            (
                "lupus_pro_lab",
                "partly",
                "Piloted a lupus version; screen time in the room is hard.",
            ),
            (
                "ibd_nurse_ro",
                "worked",
                "IBD version with calprotectin and PCDAI trend. Families love it.",
            ),
        ),
    ),
    DemoPost(
        author="t1d_nightshift",
        kind="hack",
        title="Our overnight low-alarm setup: CGM follow app, a loud speaker and a spare phone",
        days_ago=300,
        conditions=("type-1-diabetes",),
        tags=("cgm", "overnight", "alarms"),
        body=md("""
            Our son is 9, on a pump and a CGM. For the first year after diagnosis I set alarms
            every three hours and checked him by hand. I was falling apart. This is the setup
            that let us sleep again, with his endo team's blessing.

            **Hardware**

            - An **old phone** on my nightstand that does one thing: runs the CGM follow app.
              It's always plugged in and never goes on silent, so it can't be muted by accident
              with my main phone.
            - A **cheap Bluetooth speaker** paired to it, turned all the way up. My phone alone
              did not wake me; the speaker wakes the whole house.
            - My wife's phone also follows, so there are two chances.

            **Alarm settings** (agreed with his endo team; yours will differ)

            - An urgent-low alarm that can't be turned off.
            - A low alarm set a little higher at night than during the day, to give us time to
              act before he's really low.
            - A "signal loss" alert after 30 minutes, because a lost signal at 2 a.m. is its
              own worry.

            **What's by the bed**: juice boxes, glucose tabs, a flashlight, and the sheet with
            his low treatment steps.

            If you're tech-minded, the open-source [Nightscout](https://nightscout.github.io/)
            project can do more (remote displays, custom alarms). We stuck with the official
            follow app because it's what his clinic supports.

            Two years later: most nights I sleep through. When the speaker goes off, I'm up in
            seconds.
        """),
        comments=(
            (
                "mr_h_teaches_5th",
                "I follow one of my students at school with his parents' permission. It took "
                "me a while to trust the alerts; now I'd feel lost without them.",
            ),
            (
                "camp_counselor_bea",
                'We use a very similar setup at camp, except the "old phone" is a cabin '
                "tablet. The dedicated device that never gets muted is the key part.",
            ),
            (
                "t1d_nightshift",
                "@camp_counselor_bea yes, one device, one job. Everything else on a phone "
                "competes with it.",
            ),
        ),
        outcomes=(
            (
                "camp_counselor_bea",
                "worked",
                "Dedicated tablet per cabin. No missed lows this year.",
            ),
            (
                "dravet_dad",
                "worked",
                "Same idea for a seizure monitor: old phone plus loud speaker.",
            ),
            ("fontan_family", "partly", "Used for pulse-ox alarms; the speaker drained the phone."),
            ("micro_preemie_mama", "worked", ""),
            (
                "kidney_kid_dad",
                "worked",
                "Spare phone for the transplant center's calls. Same principle, one job.",
            ),
        ),
    ),
    DemoPost(
        author="mr_h_teaches_5th",
        kind="hack",
        title="A teacher's side: running a classroom with a student who has type 1 diabetes",
        days_ago=140,
        conditions=("type-1-diabetes",),
        tags=("school", "classroom", "teachers"),
        body=md("""
            I teach fifth grade. This year I have a student with T1D, and I've had others
            before. Parents often ask what teachers actually need, so here is what I do.

            **Things I set up before day one**

            - A **low box** in my desk drawer: juice boxes, glucose tabs, crackers, with his
              name on it. He knows he can take from it without asking.
            - His **care plan on one page**, taped inside my sub folder, with a photo.
            - His CGM on my phone through the follow app, with his parents' permission and the
              school nurse's guidance. I get low and high alerts only.

            **Rules in my room**

            - He may eat, drink, check his levels or leave for the nurse at any time, no hand
              up. The class just knows "that's allowed".
            - No tests or quizzes if he's low. He checks before every test; if he's low he
              treats and starts 20 minutes later with the full time.
            - He is never sent to the nurse **alone** when low. A buddy walks with him.

            **What parents did that helped me**

            - A 15-minute meeting with me and the nurse in August, with their son there.
            - A short "what low looks like for him" note: he gets quiet and pale, then giggly.
            - Telling me the class can know. He chose to explain his pump to the class himself
              in October. They thought it was the coolest thing.

            It isn't much work once it's set up. What worries me is when nobody tells me.
        """),
        comments=(
            (
                "t1d_nightshift",
                "Printing this for our son's teacher. The buddy rule should be in every plan.",
            ),
            (
                "dravet_dad",
                "If only every teacher thought like this. Do you do something similar for "
                "students with seizure plans?",
            ),
            (
                "mr_h_teaches_5th",
                "@dravet_dad yes: the seizure action plan is in the same sub folder, and I did "
                "the seizure first-aid training the nurse offered. The plan tells me when to "
                "use the rescue medicine and when to call 911.",
            ),
        ),
        outcomes=(
            (
                "t1d_nightshift",
                "worked",
                "Gave it to his teacher; she set up a low box the same week.",
            ),
            (
                "celiac_lunchbox",
                "partly",
                "Asked for a safe-snack box in class. Only one teacher did.",
            ),
        ),
    ),
    DemoPost(
        author="t1d_nightshift",
        kind="question",
        title="Pump sites falling off in the pool: what actually sticks?",
        days_ago=75,
        conditions=("type-1-diabetes",),
        tags=("pump", "adhesive", "swimming"),
        body=md("""
            Our son has swim lessons twice a week and we've lost three infusion sets in two
            weeks. Each one is a site change, a ruined evening and a worried night.

            Already tried:

            - Skin prep wipe under the site: helps on dry days, not in chlorine.
            - Round over-patches from the pump company: peel at the edges after 20 minutes.

            What's worked for your swimmers? I've seen people mention liquid adhesive, kinesio
            tape and different brands of over-patch. Also: do you take anything off before the
            pool, or leave it all on?
        """),
        comments=(
            (
                "camp_counselor_bea",
                "At camp the swimmers who kept their sites used a **barrier wipe, then a liquid "
                "adhesive, then an over-patch**, with time to dry between each. And the "
                "over-patch goes on an hour before the pool, not right before.",
            ),
            (
                "jia_mama_bear",
                "Medical adhesive remover made taking them off much less painful for Lila's "
                "dressings. Worth having when you find something that really sticks!",
            ),
            (
                "t1d_nightshift",
                "Update: barrier + liquid adhesive + patch an hour early = zero lost sites in "
                "four weeks of lessons. Thank you.",
            ),
        ),
    ),
    DemoPost(
        author="camp_counselor_bea",
        kind="hack",
        title="How our camp does the 2 a.m. glucose check without waking the whole cabin",
        days_ago=100,
        conditions=("type-1-diabetes",),
        tags=("camp", "overnight", "cgm"),
        body=md("""
            I'm a cabin counselor at a camp for kids with chronic illnesses. Our cabin of ten
            had four campers with T1D. Night checks used to mean flashlights, talking and
            everyone awake at 2 a.m. This is what we do now, worked out with the camp medical
            team.

            - **Red headlamps.** Red light doesn't wake kids the way white light does.
            - **Beds for the T1D campers by the door**, so the check doesn't cross the cabin.
            - **CGM readings on the cabin tablet** (parents consent at check-in), so most
              nights we check the screen, not the child.
            - **Treat kits in a labeled bin per camper**, by their bed: juice, tabs, a snack.
              No searching in the dark.
            - **A whispered script**: "Hey Sam, it's Bea, your number's a bit low, sip this for
              me." Same words every time, so they half-wake and go back to sleep.
            - **A log sheet on a clipboard**: time, reading, treatment, recheck time. It goes
              to the medical team at breakfast.

            Campers kept telling us they slept better than at home. Parents said the same about
            themselves, which was the real goal.
        """),
        comments=(
            (
                "t1d_nightshift",
                "The whispered script is brilliant. Doing that at home tonight.",
            ),
            (
                "salty_kisses_cf",
                "Red headlamp for night nebulizers too. Thanks!",
            ),
        ),
        outcomes=(
            ("t1d_nightshift", "worked", "Red light and the same words: he barely wakes now."),
            ("micro_preemie_mama", "worked", "Red headlamp for night feeds and oxygen checks."),
            ("salty_kisses_cf", "partly", "Red light good. He still wakes up chatty."),
        ),
    ),
    DemoPost(
        author="celiac_lunchbox",
        kind="hack",
        title="Celiac at school lunch: the plan we wrote with the cafeteria manager",
        days_ago=175,
        conditions=("celiac-disease",),
        tags=("school", "lunch", "cross-contact", "504-plan"),
        body=md("""
            One of our twins has celiac disease. The other doesn't, which means at home we're
            half gluten-free and the kitchen is a minefield. School was worse: the "gluten-free
            option" was a bun-less burger grilled next to the buns.

            After two glutenings in a month, we asked for a meeting with the **cafeteria
            manager** (not just the teacher), the school nurse and the district dietitian. What
            came out of it:

            1. **A written list of safe menu items**, checked by the district dietitian against
               the supplier's ingredient sheets. Updated when suppliers change.
            2. **Separate prep**: her meal is plated first, on a clean tray, with clean gloves,
               before anything with gluten is served.
            3. **Her photo on the staff sheet** in the kitchen, with "celiac: no gluten, no
               cross-contact".
            4. **Class parties**: we get two days' notice and send a safe treat; there's a
               stash of safe cupcakes in the staff freezer with her name on it.
            5. **Art class**: no play dough or pasta crafts with regular flour.

            All of this went into her 504 plan, which made it stick when the cafeteria manager
            changed in January.

            Two months in: no glutenings at school. She buys lunch with her friends, which is
            what she actually cared about. The [Celiac Disease
            Foundation](https://celiac.org) has a school guide that helped us prepare.
        """),
        comments=(
            (
                "mr_h_teaches_5th",
                "The art-class point is one teachers forget. Play dough is everywhere in the "
                "younger grades.",
            ),
            (
                "uc_dad_ohio",
                "Meeting the cafeteria manager directly is a great tip for any diet plan.",
            ),
            (
                "celiac_lunchbox",
                "@uc_dad_ohio yes! The teacher was lovely but had no say over the kitchen.",
            ),
        ),
        outcomes=(
            (
                "healthy_gut_jen",
                "partly",
                "Met our cafeteria manager about a low-residue plan. Half of it stuck.",
            ),
            ("tessa_and_theo", "worked", "Safe list for Theo's low-fiber weeks during a flare."),
        ),
    ),
    DemoPost(
        author="celiac_lunchbox",
        kind="question",
        title="Birthday parties with celiac: bring our own cupcake or ask the host?",
        days_ago=35,
        conditions=("celiac-disease",),
        tags=("parties", "cross-contact"),
        body=md("""
            Our daughter (7, celiac) has been invited to four birthday parties this month. So
            far I've sent her with her own cupcake in a box every time. She's started saying
            she doesn't want to go because "I always have a different cake".

            For those further along:

            - Do you ask the host to get something gluten-free, or does that feel like too
              much to ask?
            - Has anyone found a bakery or box mix that *looks* like the party cake, so it's
              not obvious?
            - What about the pizza part of the party? That's the real problem at our age.

            I don't want her missing out, and I don't want her sick for a week either.
        """),
        comments=(
            (
                "salty_kisses_cf",
                "We've had hosts offer to get a gluten-free cake for a friend of our son. Often "
                "people *want* to help; let them, but check the box and where it was cut.",
            ),
            (
                "celiac_lunchbox",
                "Found a gluten-free bakery that makes cupcakes with the same character toppers "
                "as the supermarket ones. She matched the party cake last week and was so proud.",
            ),
        ),
    ),
)
