"""Demo posts: living with inflammatory bowel disease, and the clinics that treat it."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="tessa_and_theo",
        kind="hack",
        title="How Theo learned to swallow pills at 9, after two years of liquid medicine",
        days_ago=220,
        conditions=("crohns-disease",),
        tags=("pill-swallowing", "medicines"),
        body=md("""
            When Theo started on his Crohn's medicines, everything had to be liquid or crushed
            into applesauce. It tasted awful and took forever. This is what finally worked, over
            about three weeks.

            **Practise with candy, not medicine.** Sprinkles, then mini chocolate chips, then
            Tic Tacs, then mints about the size of his real tablet. Five minutes after dinner,
            never when he was sick or upset.

            **The pop-bottle method, for tablets.** Tablet on the tongue, lips sealed around the
            mouth of a plastic water bottle, then suck the water down in one go. The suction
            carries the tablet. This is the one that clicked for him.

            **Lean forward for capsules.** Capsules float, so tipping the chin *down*, not back,
            helps them go down with the water. A pharmacist told us this, and it was the
            opposite of what I'd been telling him.

            **Celebrate size, not just swallowing.** He had a chart with the candy sizes and
            moved up only after three in a row.

            What didn't help: "just swallow it", hiding pills in food (he found them and stopped
            trusting his food), and practising right before school.

            Ask your pharmacist before you split or crush anything: some tablets release slowly
            on purpose and must not be crushed.
        """),
        comments=(
            (
                "salty_kisses_cf",
                "The lean-forward trick for capsules! Our son takes enzyme capsules with every "
                "meal and this made it so much easier.",
            ),
            (
                "ibd_nurse_ro",
                "Both techniques have been tested (there's a 2014 study of the pop-bottle and "
                "lean-forward methods). The pharmacist note at the end matters.",
            ),
            ("jia_mama_bear", "Lila is 6 and we're at the sprinkles stage. Wish us luck."),
            ("jia_mama_bear", "Update: Tic Tac level reached."),
        ),
        outcomes=(
            ("salty_kisses_cf", "worked", "Lean-forward for capsules, first try."),
            ("jia_mama_bear", "partly", "Candy ladder works; she still gags at the real tablet."),
            ("kidney_kid_dad", "worked", "Owen takes 14 pills a day. Pop-bottle changed mornings."),
            (
                "lupus_and_latte",
                "worked",
                "I'm 24 and lean-forward still helped with big capsules.",
            ),
            (
                "dravet_dad",
                "no_effect",
                "Our daughter has swallowing difficulties, so not for us, but thank you.",
            ),
            ("camp_counselor_bea", "worked", "Taught a camper the pop-bottle method at med pass."),
        ),
    ),
    DemoPost(
        author="ibd_nurse_ro",
        kind="change_idea",
        title="Pre-visit planning huddle cut missed labs from 31% to 9%",
        days_ago=280,
        conditions=("ibd", "crohns-disease", "ulcerative-colitis"),
        tags=("pre-visit-planning", "labs", "qi", "huddle"),
        body=md("""
            **Context.** Pediatric IBD clinic, about 60 visits a week, five providers. Many of
            our kids need labs before clinic: blood count, CRP, albumin, drug levels, fecal
            calprotectin. When labs weren't done, the visit turned into "we'll call you",
            treatment decisions waited, and families made a second trip.

            **Baseline.** Over 8 weeks we counted visits where a needed lab was missing at the
            time of the visit: **31%**.

            **The change: a 10-minute huddle, two days ahead.** Every Tuesday and Thursday at
            8:30 the nurse, a medical assistant and one provider go through the visits two days
            out on a one-page sheet:

            | Check | Who |
            |---|---|
            | Labs due, by protocol and by drug | nurse |
            | Orders in, and the family knows where to go | MA |
            | Stool kit sent for calprotectin | MA |
            | Drug-level timing matches the infusion schedule | nurse |
            | Anything the family asked for last time | provider |

            Then the MA messages or calls each family: what to do, where, by when.

            **PDSA cycles**

            1. A daily huddle was too much. Moved to twice a week.
            2. Families forgot the stool kit. Started mailing it with a prepaid envelope.
            3. Infusion patients had levels drawn at the wrong time. Added the drug-level row.

            **Results.** After 12 weeks missed labs were down to **9%**, and they've stayed
            under 12% for five months. Second trips for labs dropped too, and our providers say
            the visits are about the child again, not the paperwork.

            **What it costs.** Twenty minutes of three people's time a week, plus postage.

            **If you try it:** start with one provider's patients, count missed labs for two
            weeks *before* changing anything, and keep the sheet to one page. We based it on the
            pre-visit planning work in the [ImproveCareNow](https://www.improvecarenow.org)
            network.
        """),
        comments=(
            (
                "qi_coach_dana",
                "One of the cleanest run charts I've seen from a clinic this size. Did the "
                "improvement hold when the MA changed?",
            ),
            (
                "ibd_nurse_ro",
                "It dipped for two weeks (to 15%) when our MA went on leave, then recovered once "
                "the cover MA had done two huddles. The one-page sheet is what saved it.",
            ),
            (
                "peds_neph_np",
                "Trying this in dialysis clinic for monthly labs. Who owns the follow-up call if "
                "the family doesn't answer?",
            ),
            (
                "ibd_nurse_ro",
                "The MA tries twice, then it goes on the nurse's list for the day before the "
                "visit. Families we can't reach get the order by post.",
            ),
            (
                "uc_dad_ohio",
                "Parent side: we started getting a message two days before clinic saying which "
                "lab and where. Such a small thing, and it made a real difference.",
            ),
        ),
        outcomes=(
            ("peds_neph_np", "worked", "Dialysis monthly labs: missed draws 22% → 7% in 10 weeks."),
            ("qi_coach_dana", "worked", "Tested in three network clinics; two sustained it."),
            (
                "asthma_rt_marcus",
                "partly",
                "Huddle for spirometry before asthma visits. Better, but twice a week was hard "
                "for our small team.",
            ),
            ("lupus_pro_lab", "worked", "Adapted for urine protein and complement before visits."),
        ),
    ),
    DemoPost(
        author="healthy_gut_jen",
        kind="hack",
        title="We tapered off prednisone early with turmeric and a low-FODMAP diet",
        days_ago=6,
        conditions=("ulcerative-colitis",),
        tags=("diet", "steroids"),
        body=md("""
            My daughter (13, UC) was put on prednisone a few months ago and the side effects
            were hard to watch: moon face, no sleep, mood swings. We read a lot and decided to
            try a more natural route alongside her medicines.

            What we did:

            - **Turmeric capsules**, 1,000 mg twice a day, with black pepper for absorption.
            - **Low-FODMAP diet** for six weeks, then bringing back one food group at a time.
            - We **cut the prednisone faster than the schedule** the GI gave us, because she
              felt so much better on the diet.

            She's been off prednisone for three weeks now and her stools are mostly normal. I
            know everyone is different, but I wish someone had told us earlier how much diet
            can do. Some studies show curcumin helps in UC. Happy to share the brand we use.
        """),
        comments=(
            (
                "ibd_nurse_ro",
                "I'm glad she's feeling better, and diet changes do help some kids with "
                "symptoms. Please, though, **don't taper prednisone faster than the plan without "
                "her GI team**. After weeks on steroids the body makes less of its own cortisol "
                "for a while, and stopping fast can cause adrenal insufficiency, which can be "
                "dangerous. It can also let the flare come back. Curcumin has a few small "
                "studies as an add-on to standard treatment, not instead of it; tell the team "
                "she's taking it.",
            ),
            (
                "uc_dad_ohio",
                "We did low-FODMAP with a dietitian and it helped with gas and cramping, but it "
                "wasn't what calmed the inflammation. Her calprotectin told a different story "
                "from how she felt. Worth asking for that test before deciding she's in "
                "remission.",
            ),
            (
                "healthy_gut_jen",
                "Thank you, I didn't know about the adrenal part. I've messaged her GI and we "
                "have an appointment next week.",
            ),
        ),
        outcomes=(
            (
                "gutsy_grace17",
                "worse",
                "Tried turmeric for a month last year. No difference, and it upset my stomach.",
            ),
        ),
    ),
    DemoPost(
        author="uc_dad_ohio",
        kind="question",
        title="Symptom-tracking apps that teenagers actually keep using?",
        days_ago=90,
        conditions=("ulcerative-colitis",),
        tags=("apps", "symptom-tracking", "teens"),
        body=md("""
            Our GI asked us to track my daughter's symptoms between visits: stool count, blood,
            pain, energy. She's 14 and agreed to do it herself, which is great, but she gave up
            on the first app after a week because it asked 20 questions a day.

            What are your teenagers (or you, if you're one) actually using?

            What I think we need:

            - **Under 30 seconds a day.**
            - A private reminder that doesn't say BOWEL MOVEMENTS on her lock screen.
            - A chart she can show at the visit without scrolling through weeks.

            We tried a paper calendar on the fridge. Hard no from her ("everyone can see it").
        """),
        comments=(
            (
                "gutsy_grace17",
                "honestly I use my notes app: a 1–5 score and one word. boring, but I actually "
                "do it. I screenshot the month before clinic.",
            ),
            (
                "ibd_nurse_ro",
                "Whatever she uses, the three things we look at most are stool frequency, "
                "blood, and whether symptoms wake her at night. If it only captures those, "
                "that's enough.",
            ),
            (
                "t1d_nightshift",
                "From the diabetes world: what worked for our son was tying the check to "
                "something he already does twice a day (brushing teeth). Habit beats features.",
            ),
            (
                "dravet_dad",
                "Check whether the app lets you rename its reminder. The seizure app we use "
                "does, and that was the thing my teenage nephew cared about most.",
            ),
            (
                "uc_dad_ohio",
                "Update: she's on the notes-app method with a reminder that says \"water the "
                'plant". Four weeks and counting.',
            ),
        ),
    ),
)
