"""Demo posts: sickle cell disease and lupus."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="sickle_strong_jay",
        kind="hack",
        title="A hydration tracker that works for sickle cell at college",
        days_ago=190,
        conditions=("sickle-cell-disease",),
        tags=("hydration", "college", "pain-crisis"),
        body=md("""
            I'm 19 with sickle cell (HbSS). My first semester I had two pain crises that put me
            in the ER, and both came after long days when I barely drank anything and sat in
            freezing lecture halls. Dehydration and cold are two of my big triggers.

            Here's what I do now:

            - **One 1-liter bottle with times marked on it** in marker: 11 a.m., 2 p.m., 5 p.m.
              I fill it three times a day, which gets me to the amount my hematologist wants.
            - **Phone reminders** at those times. The reminder says "refill", not anything
              medical, because people see my screen.
            - I **mapped every water fountain and bottle-filler** on my routes. There are more
              than you'd think.
            - **Electrolyte packets** for exam days, long labs and hot days.
            - **Layers** in my bag always: hoodie, scarf, gloves. Lecture halls are cold even
              in summer.
            - I told my roommate what a crisis looks like and where my hematology number is.

            I also registered with the campus **disability services office**. That got me
            water and snacks in every class, permission to leave for the restroom (I drink a
            lot!) and extensions if I'm admitted.

            This semester: zero ER visits. Not only because of water, but it's the part I
            control every day. The [CDC sickle cell pages](https://www.cdc.gov/sickle-cell/)
            have a good list of common triggers.
        """),
        comments=(
            (
                "kidney_kid_dad",
                "Funny: Owen's cups are marked for the opposite reason, to limit fluid. Marking "
                "the container works both ways.",
            ),
            (
                "cf_adult_nate",
                "Respect for registering with disability services. I waited until my third "
                "year and wish I hadn't.",
            ),
            (
                "sickle_strong_jay",
                "@cf_adult_nate yeah, I almost didn't because I didn't think I was "
                '"disabled enough". It\'s just paperwork that gets you what you need.',
            ),
        ),
        outcomes=(
            (
                "healthy_gut_jen",
                "no_effect",
                "My daughter wouldn't carry a marked bottle. Too medical.",
            ),
            (
                "cf_adult_nate",
                "worked",
                "Marked bottle for salt-and-water days. Simple and it works.",
            ),
            (
                "lupus_and_latte",
                "worked",
                "My nephrologist wants me drinking more too. The timed bottle did it.",
            ),
            ("gutsy_grace17", "partly", "Helps on school days. Weekends I forget completely."),
        ),
    ),
    DemoPost(
        author="sickle_strong_jay",
        kind="hack",
        title="My one-page ER letter for sickle cell pain",
        days_ago=80,
        conditions=("sickle-cell-disease",),
        tags=("emergency", "pain-plan"),
        body=md("""
            The worst part of a pain crisis used to be the ER wait, not the pain: three hours
            once before my first dose, and a lot of questions about why I "needed so much".

            My hematologist and I wrote a **one-page letter**. It has:

            - My diagnosis (HbSS) and my **usual hemoglobin**, so nobody panics about a low
              number that's normal for me.
            - **What has worked for my pain before**, written by my hematologist, with her
              name.
            - Allergies and my current medicines.
            - A line asking staff to follow the national guidance to start pain treatment
              **within an hour** of arriving.
            - The **hematology on-call number**, so the ER can talk to someone who knows me.

            It's printed in my wallet and saved as a photo in my phone's favorites. My clinic
            also put it in my hospital record as an emergency care plan, so it pops up when I
            check in.

            Since then I've been to the ER twice. Both times I had pain medicine within an
            hour, and one nurse said "thank you, this makes my job easier".

            If you have sickle cell, ask your hematology team for an individualized pain plan.
            If they don't do them, show them this post.
        """),
        comments=(
            (
                "qi_coach_dana",
                "This is exactly the patient side of the change idea I posted on ED time to "
                "first dose. Individual plans were one of our biggest drivers.",
            ),
            (
                "lupus_and_latte",
                'I\'m making one for lupus flares. "My usual numbers" is such a good idea; my '
                "kidney labs are never normal.",
            ),
        ),
        outcomes=(
            (
                "lupus_and_latte",
                "worked",
                "Lupus version with my usual labs. ER took it seriously.",
            ),
            ("cf_adult_nate", "worked", "CF version with my port details and latest cultures."),
            (
                "dravet_dad",
                "worked",
                "ER letter with her seizure emergency protocol. Saved us the explaining.",
            ),
        ),
    ),
    DemoPost(
        author="qi_coach_dana",
        kind="change_idea",
        title="Sickle cell pain in the ED: first dose within 60 minutes",
        days_ago=130,
        conditions=("sickle-cell-disease",),
        tags=("emergency-department", "pain", "qi"),
        body=md("""
            National guidance for sickle cell pain (see the [NHLBI expert panel
            report](https://www.nhlbi.nih.gov/health-topics/evidence-based-management-sickle-cell-disease))
            recommends starting pain medicine within 60 minutes of arrival. In the pediatric
            emergency department we coached, the median time to first dose was **94 minutes**.

            **Changes, tested one at a time**

            1. Sickle cell pain triaged at a **high acuity level** by default.
            2. A **standing order set**, so nurses can start the first dose without waiting for
               a physician to write orders.
            3. **Intranasal first dose** while the IV is being placed, for children who
               qualify, so a hard IV doesn't delay relief.
            4. **Individualized pain plans** written by hematology, visible in the record at
               check-in.

            **Results over nine months.** Median time to first dose fell to **48 minutes**;
            the share of visits within 60 minutes went from 26% to 71%. Families' ratings of
            "staff took my child's pain seriously" improved.

            **What made it stick**: the order set and the intranasal dose. The triage change
            slipped whenever staff rotated; we now include it in new-nurse orientation.
        """),
        comments=(
            (
                "sickle_strong_jay",
                "The intranasal first dose is a game changer. My veins are terrible and I've "
                "waited an hour just for an IV before.",
            ),
            (
                "peds_neph_np",
                "Order sets really are the reliable part. Anything that depends on one person "
                "remembering eventually slips.",
            ),
        ),
        outcomes=(
            (
                "peds_neph_np",
                "partly",
                "Order-set idea for pain on dialysis days. Better, not yet under an hour.",
            ),
            ("asthma_rt_marcus", "worked", "Standing orders for first nebulizer at triage."),
        ),
    ),
    DemoPost(
        author="lupus_and_latte",
        kind="hack",
        title="Sun protection I actually wear (lupus, outdoor job)",
        days_ago=150,
        conditions=("lupus",),
        tags=("sun-protection", "flares", "work"),
        body=md("""
            I'm 24, I've had lupus since 15, and I work for a landscaping company. Sun is one of
            my biggest triggers: a day in it can mean a rash and a flare a week later. "Avoid
            the sun" isn't an option for me, so this is how I make it work.

            **What I wear**

            - **Long-sleeve UPF 50 shirts** in light fabric. The fishing-shirt kind. Cooler
              than a T-shirt plus sunscreen, honestly.
            - A **wide-brim hat with a neck flap**. I look ridiculous. I don't care anymore.
            - **Mineral SPF 50 in a stick** for face and hands, reapplied at lunch. Lotions
              don't work with dirty hands; sticks do.

            **What I changed at work**

            - I asked for **accommodations** through HR with a letter from my rheumatologist.
              The company put UV-blocking film on the truck windows and I start and finish
              early, so my heavy outdoor work is before 11.
            - I keep a UV index widget on my phone and plan shade work for high-UV days.

            **Did it help?** Five flares in my first year at this job, one last year. To be
            fair, my medicines also changed, so it's not all the hat. But my rash-after-sun
            days are nearly gone.

            The [Lupus Foundation of America](https://www.lupus.org) has a good page on UV and
            lupus, including the indoor light part (some fluorescent lights matter too).
        """),
        comments=(
            (
                "lupus_pro_lab",
                "Thank you for being honest that medicines changed too. It's so rare to see "
                "people separate the two.",
            ),
            (
                "jia_mama_bear",
                "Lila's methotrexate makes her burn easily. We got her a UPF swim shirt and it's "
                "the best thing we've bought this year.",
            ),
        ),
        outcomes=(
            ("jia_mama_bear", "partly", "UPF shirts yes; she refuses hats."),
            (
                "cf_adult_nate",
                "worked",
                "My CF antibiotics make me sun-sensitive too. Fishing shirts and a stick work.",
            ),
        ),
    ),
    DemoPost(
        author="lupus_pro_lab",
        kind="change_idea",
        title="One question before every teen lupus visit: what has been hardest this month?",
        days_ago=115,
        conditions=("lupus",),
        tags=("patient-reported-outcomes", "teens", "pre-visit-planning"),
        body=md("""
            Teens in our lupus clinic filled in long questionnaires at every visit (fatigue,
            pain, mood), but when we looked at the notes, the results were discussed in fewer
            than one visit in five.

            **The change.** We added *one* open question on the check-in tablet: **"What has
            been the hardest thing about lupus this month?"** The answer appears at the top of
            the visit note, and the rheumatologist starts the visit with it.

            **What we saw over three months (64 visits)**

            - Most common answers: tiredness (31%), school (22%), pain, mood, and how they look
              on steroids.
            - In about **40% of visits** the answer led to a concrete action: a school letter,
              a psychology referral, a sleep plan, a change to the steroid taper discussion.
            - Visits were not any longer on average. Clinicians said the question saved time by
              getting to the point.

            **What teens said:** "It's the first time someone asked me that." Several said they
            would never have brought up body image on their own.

            **Limits.** One clinic, no comparison group, and the questionnaires still matter for
            tracking over time. We use [PROMIS](https://www.healthmeasures.net) measures
            alongside it.
        """),
        comments=(
            (
                "lupus_and_latte",
                "At 15, nobody asked me this. The steroid face thing was the worst part of my "
                "first year and I never said a word in clinic.",
            ),
            (
                "qi_coach_dana",
                "Simple, cheap and testable. Would love to spread this to other networks.",
            ),
        ),
        outcomes=(
            ("ibd_nurse_ro", "worked", "Added to our IBD teen transition visits."),
            (
                "qi_coach_dana",
                "partly",
                "Tried in two clinics; works, but tablets at check-in aren't everywhere.",
            ),
        ),
    ),
    DemoPost(
        author="lupus_and_latte",
        kind="hack",
        title="Eleven pills a day for lupus nephritis: organizer, taper calendar and a photo log",
        days_ago=25,
        conditions=("lupus-nephritis", "lupus"),
        tags=("medicines", "organizer"),
        body=md("""
            When I was diagnosed with lupus nephritis, my pill count went from two to eleven a
            day, at four different times, plus a steroid taper that changed every week. I made
            two mistakes in the first month. Here's what fixed it.

            1. **A four-times-a-day weekly organizer** (28 little boxes). I fill it on Sunday
               with a podcast on. Twenty minutes.
            2. **The taper as a printed calendar.** My rheumatologist's taper was on the
               discharge paper as a paragraph. I turned it into a calendar with the dose on
               each day and cross each one off.
            3. **A photo of the open box** every morning. The timestamp answers "did I take
               them?" at 2 p.m., which used to be a small panic every day.
            4. **Pharmacy refill sync.** I asked my pharmacy to line up all my refills on one
               day a month. One trip, nothing runs out by surprise.
            5. **Lab days on the same calendar**, because nephritis means regular urine and
               blood tests.

            Three months in, no missed doses that I know of, and my last labs were the best
            since diagnosis. (Again: medicines doing the work, me just taking them.)
        """),
        comments=(
            (
                "kidney_kid_dad",
                "Refill sync is the most underrated tip in this whole forum. Owen has nine "
                "medicines and it changed our month.",
            ),
            (
                "cf_adult_nate",
                "The photo log! I'm doing that from tomorrow.",
            ),
        ),
        outcomes=(
            ("kidney_kid_dad", "worked", "Pharmacy sync for all nine of Owen's medicines."),
            ("sickle_strong_jay", "worked", "Photo log. No more 'did I take it?'"),
            ("gutsy_grace17", "partly", "Organizer yes, photo log I forget."),
        ),
    ),
)
