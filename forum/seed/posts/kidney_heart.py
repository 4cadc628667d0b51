"""Demo posts: kidney disease, dialysis and transplant; heart conditions."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="kidney_kid_dad",
        kind="hack",
        title="Dialysis three days a week and still in school: Owen's schedule",
        days_ago=230,
        conditions=("dialysis", "chronic-kidney-disease"),
        tags=("school", "dialysis-schedule", "hospital-school"),
        body=md("""
            Owen (12) has in-center hemodialysis Monday, Wednesday and Friday, four hours a
            time. For the first two months he basically stopped going to school. This is the
            week that works for us now.

            | Day | Morning | Afternoon |
            |---|---|---|
            | Mon | School until 11:40 | Dialysis 12:30–4:30, hospital teacher 1:30–2:30 |
            | Tue | Full school day | Homework club at school |
            | Wed | School until 11:40 | Dialysis, hospital teacher |
            | Thu | Full school day | Free (he's wrecked by Thursday, honestly) |
            | Fri | School until 11:40 | Dialysis, reading or films |

            **What made it possible**

            - We asked the unit for the **midday chair**. It took a month on the waiting list,
              but mornings at school are his best hours.
            - The **hospital teacher** and his math and English teachers share one online
              folder. She teaches the exact lesson he missed, not a generic one.
            - His 504 plan says dialysis afternoons are excused, and no tests get scheduled on
              Monday, Wednesday or Friday afternoons.
            - **Tuesday and Thursday are protected.** No appointments on those days unless
              there's no other choice. We had to say no to a lot of "can you come in Tuesday?"

            **What we gave up**

            Afternoon electives. He misses art, which he loves, so the art teacher sends him a
            sketch prompt for the chair every Monday. The nurses have started judging them.

            If your unit has a social worker, ask them to join the first school meeting. Ours
            explained fluid limits and the fistula arm to the PE teacher better than I could.
        """),
        comments=(
            (
                "peds_neph_np",
                "From the unit side: please do ask for the chair time that suits school. We "
                "can't always give it straight away, but we keep a list, and school is one of "
                "the things we weigh.",
            ),
            (
                "uc_dad_ohio",
                "The art prompt for the chair is lovely. Protecting two full days is smart, we "
                "should do that with infusion weeks.",
            ),
            (
                "mr_h_teaches_5th",
                "Teachers: the shared folder with the hospital teacher is the part to copy. It's "
                "a ten-minute job for us each week and it means the kid isn't doing random "
                "worksheets.",
            ),
        ),
        outcomes=(
            (
                "peds_neph_np",
                "worked",
                "Shared this with three of our families. Two use the folder.",
            ),
            (
                "tessa_and_theo",
                "partly",
                "Protected days for infusion weeks: works unless the infusion center reschedules.",
            ),
            ("uc_dad_ohio", "worked", "Protected days around her infusions. Fewer missed tests."),
        ),
    ),
    DemoPost(
        author="peds_neph_np",
        kind="change_idea",
        title="Pre-marked fluid cups cut weight gain between dialysis sessions",
        days_ago=190,
        conditions=("dialysis",),
        tags=("fluid-restriction", "qi", "dialysis-schedule"),
        body=md("""
            **The problem.** Our teens on hemodialysis kept arriving with big fluid gains
            between sessions, which means harder, crampier runs and more blood-pressure
            trouble. Families told us the daily allowance ("900 mL a day") meant nothing at
            home. Nobody measures a glass of juice.

            **The change.** At the monthly dietitian visit, each family now gets:

            1. **Their own set of cups**, marked with lines at 100 mL steps, and a water bottle
               marked with the day's allowance.
            2. A **"fluid in food" card**: soup, popsicles, gelatin, watermelon and yogurt
               count. Most families had no idea.
            3. A simple tally sheet on the fridge, where the child (not the parent) ticks each
               100 mL.

            **How we tested it.** We started with five teens who had the highest average
            interdialytic weight gain. Cycle 1 used cups only; two families asked for the tally
            sheet. Cycle 2 added it for everyone. Cycle 3 let the teens decorate their bottles,
            which sounds minor but was the most popular part.

            **Results.** Over 10 weeks the average gain between sessions in that group fell by
            about a third, and cramping during runs (charted by the nurses) dropped. It hasn't
            worked for everyone: two of the five still struggle on weekends, when the gap is
            longest.

            **Cost:** about $6 a family.

            If you try this, let the child own the tally. When parents held it, it became a
            fight.
        """),
        comments=(
            (
                "kidney_kid_dad",
                "Owen got the cups last month. Popsicles counting as fluid was news to both "
                "of us. He's gone from 'always thirsty' to 'I know what I've got left'.",
            ),
            (
                "qi_coach_dana",
                "Good that you report the two who didn't improve. Weekends as a separate "
                "cycle could be your next PDSA.",
            ),
            (
                "peds_neph_np",
                "That's the plan: Friday sessions now end with a weekend fluid plan written "
                "with the teen.",
            ),
        ),
        outcomes=(
            ("kidney_kid_dad", "worked", "Gains down from about 2.5 kg to 1.6 kg most sessions."),
            (
                "qi_coach_dana",
                "partly",
                "Shared with a second unit; weekends are still the problem.",
            ),
        ),
    ),
    DemoPost(
        author="kidney_kid_dad",
        kind="question",
        title="On the transplant waitlist: how did you make sure you never missed the call?",
        days_ago=12,
        conditions=("kidney-transplant", "chronic-kidney-disease"),
        tags=("transplant", "waitlist"),
        body=md("""
            Owen has been active on the kidney transplant list for six weeks. The coordinator
            told us that when an offer comes we'll have about an hour to answer, and it could
            be 3 a.m.

            I'm the one who sleeps through anything. My wife works shifts.

            For those who've been through it:

            - What did you do about phones at night? Do-not-disturb exceptions? A second phone?
            - Did you keep a bag packed the whole time? What was in it?
            - How did you handle school and work when the call came on a weekday?

            Also, honestly: how did you stop thinking about it every time the phone rang?
        """),
        comments=(
            (
                "peds_neph_np",
                "Give the transplant center **two** numbers and check both every few months. "
                "Most phones let one contact ring through do-not-disturb; add the center's "
                "main line *and* the coordinator's line, since calls can come from either.",
            ),
            (
                "fontan_family",
                "Not a transplant, but we lived with a packed bag for months between heart "
                "surgeries. Ours had chargers, his comfort things, the med list printed, and "
                "snacks for the parents. The jump-at-every-ring feeling never fully went away, "
                "but it got quieter after a couple of months.",
            ),
            (
                "t1d_nightshift",
                "For never sleeping through a call: an old phone on the nightstand at full "
                "volume, charging, with only the center's numbers allowed through. Same setup "
                "as our CGM alarms.",
            ),
        ),
    ),
    DemoPost(
        author="peds_neph_np",
        kind="change_idea",
        title="Loaner blood-pressure cuffs for kids with CKD, with a text-back log",
        days_ago=110,
        conditions=("chronic-kidney-disease",),
        tags=("blood-pressure", "home-monitoring", "qi"),
        body=md("""
            High blood pressure speeds up kidney decline, and clinic readings in a scared child
            are not great data. We wanted home readings, but many families couldn't buy a
            validated cuff in a child's size.

            **What we did**

            - Bought 20 validated automatic cuffs with child and small-adult cuffs (about $45
              each through our hospital foundation).
            - A nurse teaches the family in clinic: sit 5 minutes, feet flat, arm at heart
              level, two readings a minute apart, same time each day.
            - Families text two readings three days a week to a clinic number that drops them
              into the chart.
            - The cuff comes back when the child has a stable medicine plan, and goes to the
              next family.

            **What we saw in six months**

            - 17 of 20 families sent readings at least two weeks in three.
            - Eight children had medicine changes based on home readings rather than waiting
              for the next visit.
            - Three children we thought were hypertensive had normal home readings: "white
              coat" effect, and no medicine change.

            **What went wrong**

            Two cuffs came back broken, one never came back. Texting didn't suit every family:
            two preferred a paper log they photographed. Now we offer both.

            The [Pediatric Nephrology Research Consortium](https://www.pnrconsortium.org) has
            been helpful for comparing notes with other centers.
        """),
        comments=(
            (
                "qi_coach_dana",
                "The three kids who *avoided* a medicine change is a result people forget to "
                "count. Nice.",
            ),
            (
                "kidney_kid_dad",
                "We had one of these before dialysis. Owen liked being the one who pressed the "
                "button and texted the numbers.",
            ),
        ),
        outcomes=(
            (
                "asthma_rt_marcus",
                "no_effect",
                "Loaner peak-flow meters: few families sent readings back.",
            ),
            (
                "ibd_nurse_ro",
                "partly",
                "Tried loaner scales for weight in our IBD kids. Texting worked; cost was harder.",
            ),
            ("fontan_family", "worked", ""),
        ),
    ),
    DemoPost(
        author="fontan_family",
        kind="hack",
        title="Our interstage home-monitoring binder (HLHS, between surgeries)",
        days_ago=320,
        conditions=("single-ventricle", "congenital-heart-disease"),
        tags=("interstage", "home-monitoring", "checklist"),
        body=md("""
            Between our son's first and second heart surgeries we went home with a pulse
            oximeter, a baby scale and a lot of fear. The cardiology team ran a home-monitoring
            program, and the binder we built around it kept us sane. Ten years later I still
            send photos of it to new heart parents.

            **The binder, front to back**

            1. **The red page:** the numbers our team told us to call about, in big type. (Yours
               will be different; use theirs, not ours.) Oxygen saturation below their number,
               weight loss on two days, a feed refused, more sleepy than usual.
            2. **Daily log:** one line per day. Weight (same scale, same time, naked), sats,
               total feed volume, wet diapers, notes.
            3. **Medicine chart** with doses drawn up in syringes on Sunday night for the week
               ahead, checked by both parents.
            4. **Who to call:** cardiology nurse line, after-hours number, our pediatrician,
               nearest emergency department *that knows single-ventricle babies*.
            5. **Hospital bag list**, because we went back twice.

            **Why it helped**

            - When we called, we read from the log. The nurse got what she needed in one
              minute.
            - Both parents did things the same way. No "did you already give the 8 p.m. dose?"
            - The grandparents could babysit for an hour without 40 questions.

            Many centers now take part in the [NPC-QIC](https://npcqic.org) interstage
            monitoring work, which is where our program came from. Ask whether yours does.
        """),
        comments=(
            (
                "micro_preemie_mama",
                "The red page! We had a NICU version for oxygen and it's the only page I "
                "didn't have to think about at 2 a.m.",
            ),
            (
                "ibd_nurse_ro",
                "Reading from a log when calling the nurse line is the single most useful thing "
                "a family can do. We wish every family did it.",
            ),
            (
                "fontan_family",
                "@micro_preemie_mama yes! Anything you can do half-asleep without thinking is "
                "worth setting up.",
            ),
        ),
        outcomes=(
            (
                "micro_preemie_mama",
                "worked",
                "Made the same binder for home oxygen. The nurse line loved the daily log.",
            ),
            (
                "dravet_dad",
                "worked",
                "Red page for seizure rescue thresholds. The babysitter gets it.",
            ),
            ("salty_kisses_cf", "partly", "Log helped; Sunday syringe prep didn't suit our meds."),
        ),
    ),
    DemoPost(
        author="fontan_family",
        kind="question",
        title="Fontan kids and PE class: what did your school agree to?",
        days_ago=40,
        conditions=("single-ventricle", "congenital-heart-disease"),
        tags=("school", "pe-class", "exercise"),
        body=md("""
            Our son is 10, three years after his Fontan. His cardiologist is *keen* on
            exercise: self-paced, stop when he wants, no competitive lifting. The new PE
            teacher heard "heart condition" and wants him to sit out, full stop.

            We want him in PE. He wants to be in PE. What wording got you there?

            Things I'm thinking of asking for in the 504:

            - He **self-limits** and may stop and rest at any time without being told to push.
            - **Water and shade** on hot days.
            - No timed fitness tests graded against the class.
            - The teacher knows his warning signs and who to call.

            Did your cardiology team write a letter that spelled out what's allowed, not just
            what isn't? That seems to be the missing piece for us.
        """),
        comments=(
            (
                "asthma_rt_marcus",
                "From working with school PE staff: they're scared of liability. A letter that "
                'says "encourage participation, self-paced" gives them permission. A list of '
                "only restrictions gives them a reason to bench him.",
            ),
            (
                "mr_h_teaches_5th",
                "Ask for a 15-minute meeting with the PE teacher and the nurse together. It's "
                "much easier to get someone on board face to face than through a form.",
            ),
            (
                "fontan_family",
                "Update: the cardiology letter now says what he *can* do, and the PE teacher "
                "came round. He's doing the running unit at his own pace.",
            ),
        ),
    ),
    DemoPost(
        author="fontan_family",
        kind="hack",
        title="Daily weights without the battle: a cheap Bluetooth scale and a chart he owns",
        days_ago=15,
        conditions=("heart-failure", "congenital-heart-disease"),
        tags=("home-monitoring", "daily-weight"),
        body=md("""
            Our son's heart team asked for a daily weight again after his diuretic was
            changed, since fluid shows up on the scale before it shows up anywhere else. At 10,
            he'd had enough of being weighed.

            What turned it around:

            - A **Bluetooth bathroom scale** (about $30) that sends the weight to an app. No
              writing things down, no parent standing over him.
            - **Same routine every day:** after the bathroom, before breakfast, same clothes
              (pajamas).
            - **He owns the chart.** He checks the line every Sunday and tells us if it went up.
              Turns out he's stricter than we are.
            - We wrote the team's "call us if" rule on a sticky note by the scale: the weight
              gain over a few days that they want to hear about.

            It's been six weeks. He's missed two days. Last month he noticed a jump before we
            did, we called, and they adjusted his medicine before he got puffy.

            Not every scale is accurate enough. Check it against the clinic scale at your next
            visit: ours was within 0.2 kg.
        """),
        comments=(
            (
                "peds_neph_np",
                "Same idea works for our dialysis kids between sessions. The child owning the "
                "chart is the key bit.",
            ),
            (
                "kidney_kid_dad",
                "Owen's going to want one of these now. Checking against the clinic scale is a "
                "good tip.",
            ),
        ),
        outcomes=(("kidney_kid_dad", "worked", "Bought the same kind. He checks it himself."),),
    ),
)
