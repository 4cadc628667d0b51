"""Demo posts: epilepsy and Dravet syndrome."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="dravet_dad",
        kind="hack",
        title="A seizure diary the neurologist actually reads: one line per seizure",
        days_ago=205,
        conditions=("dravet-syndrome", "epilepsy"),
        tags=("seizure-diary", "apps", "neurology-visits"),
        body=md("""
            For the first year after our daughter's Dravet diagnosis I wrote down *everything*.
            We brought 40 pages of notes to clinic. The neurologist skimmed two of them. Fair
            enough: nobody can make a medicine decision from 40 pages.

            Now we log **one line per seizure**, always the same fields:

            - **When**: date and time.
            - **What it looked like**, in words we agreed with her neurologist: "big shaking",
              "staring", "head drops", "one-sided". No medical terms we might get wrong.
            - **How long**, timed on a phone stopwatch. Our guesses were always double the
              real time.
            - **Possible trigger**: fever, heat, missed or late dose, poor sleep, excitement.
            - **Rescue medicine**: yes or no, and the time given.
            - **Back to herself after**: minutes.

            We use a seizure-tracking app, but a notes file works just as well. The
            [Epilepsy Foundation](https://www.epilepsy.com) has a free diary if you want a
            template.

            **Two extra things that made the biggest difference**

            1. **Video** any seizure that looks new or different. Thirty seconds, from a
               distance, is enough. Her neurologist said this was the single most useful thing
               we brought.
            2. **One page before each visit**: number of seizures per week for each type, as a
               simple bar chart, with medicine changes marked along the bottom. Five minutes to
               make from the app's export.

            At the last visit we spent the time talking about what to change, not reading.
        """),
        comments=(
            (
                "mr_h_teaches_5th",
                "I log seizures for a student using the same fields now, and the parents paste "
                "them into their diary. So much better than my old free-text notes.",
            ),
            (
                "qi_coach_dana",
                "Fixed fields plus a run chart with medicine changes marked: that's exactly how "
                "we'd design it for a QI project. Families are ahead of us again.",
            ),
            (
                "dravet_dad",
                "@mr_h_teaches_5th that's wonderful. Same words at school and at home means "
                "we're all describing the same thing.",
            ),
        ),
        outcomes=(
            (
                "jia_mama_bear",
                "stopped",
                "Joint diary for Lila; too much on top of everything else.",
            ),
            ("mr_h_teaches_5th", "worked", "One-line format for the class log. Parents love it."),
            ("t1d_nightshift", "partly", "Same idea for lows. The bar chart was overkill for us."),
            (
                "micro_preemie_mama",
                "worked",
                "One line per desaturation episode. Pulmonology finally had something to go on.",
            ),
            ("uc_dad_ohio", "worked", ""),
        ),
    ),
    DemoPost(
        author="dravet_dad",
        kind="hack",
        title="Heat is her trigger: how we keep our daughter cool",
        days_ago=95,
        conditions=("dravet-syndrome",),
        tags=("heat", "triggers", "cooling"),
        body=md("""
            Like many children with Dravet syndrome, our daughter is sensitive to getting hot:
            a warm bath, a hot car or running around at a party can bring on a seizure. We
            can't keep her in a fridge, so this is our kit.

            **At home**

            - **Bath water checked with a thermometer**, lukewarm, every time. The grandparents
              got a bath duck that shows the temperature.
            - Fans in her room, and the thermostat a couple of degrees cooler than we'd like.

            **Going out**

            - A **cooling vest** with packs that freeze in the fridge (we bought it second-hand
              from another Dravet family). She wears it at parties and the playground.
            - A **small fan with a water mister** clipped to her stroller.
            - The car is **cooled before she gets in**. We never leave her in a warm car, even
              for a minute.
            - Outings early in the day; indoor plans for the afternoons.

            **Fevers**

            Her neurologist gave us a written fever plan: when to give fever medicine, when to
            use the rescue medicine and when to go in. It's on the fridge and in the car. Ask
            yours for one; don't make up your own.

            The [Dravet Syndrome Foundation](https://dravetfoundation.org) has a good page on
            triggers. Heat isn't the only one, but it's the one we can most control.
        """),
        comments=(
            (
                "camp_counselor_bea",
                "We keep cooling towels in the first-aid bag for campers with heat-sensitive "
                "seizures, and hold the big running games in the morning. Plans like yours "
                "make our job easy.",
            ),
            (
                "fontan_family",
                "The bath thermometer duck is genius. Our son also overheats fast and we use "
                "one now.",
            ),
        ),
        outcomes=(
            ("camp_counselor_bea", "worked", "Cooling towels and morning games for our campers."),
            ("lupus_and_latte", "worked", "Cooling vest on hot workdays. Saved my summer."),
            ("fontan_family", "partly", "Fan and mister yes; he refuses the vest."),
        ),
    ),
    DemoPost(
        author="qi_coach_dana",
        kind="change_idea",
        title="A seizure action plan with rescue-medicine steps in every school file",
        days_ago=65,
        conditions=("epilepsy",),
        tags=("school", "rescue-medication", "seizure-action-plan", "qi"),
        body=md("""
            **The gap.** Three epilepsy clinics in our network checked a sample of children who
            had a rescue medicine prescribed. Only **40%** had a current seizure action plan on
            file at their school. Several schools had the medicine but no instructions for when
            to give it.

            **The change.**

            1. At every visit, the plan is reviewed and updated in the clinic: a one-page
               template (photo, seizure types in plain words, when to give rescue medicine,
               when to call 911, who to call).
            2. The clinic sends it straight to the school nurse, with the family's consent,
               rather than relying on the family to carry it.
            3. In August, a reminder goes to every family with a child on rescue medicine:
               "Has the school got this year's plan?"
            4. Clinics point schools to free seizure first-aid training for staff.

            **Results after six months.** Plans on file went from 40% to **78%** across the
            three clinics. School nurses said the most useful part was the plain-words
            description of each seizure type.

            **Still hard.** Schools without a full-time nurse, and after-school programs, which
            often never see the plan. Next cycle: give families a copy for coaches and clubs.
        """),
        comments=(
            (
                "mr_h_teaches_5th",
                "I did the free seizure first-aid training after our nurse pointed us to it. "
                "One hour, and I felt far less panicked.",
            ),
            (
                "dravet_dad",
                "After-school programs are exactly where we've struggled. Please keep going "
                "with that next cycle.",
            ),
        ),
        outcomes=(
            ("asthma_rt_marcus", "worked", "Same clinic-to-school route for asthma action plans."),
            (
                "ibd_nurse_ro",
                "partly",
                "We send school letters direct now; consent forms slowed us down at first.",
            ),
        ),
    ),
    DemoPost(
        author="dravet_dad",
        kind="question",
        title="Store-bought CBD oil vs the prescription one: did you ask your neurologist?",
        days_ago=22,
        conditions=("dravet-syndrome", "epilepsy"),
        tags=("cbd", "medicines"),
        body=md("""
            At our parent support group last week, another dad said a CBD oil from a shop cut
            his son's seizures in half. Our daughter is on three anti-seizure medicines and
            still has clusters most weeks, so of course we're tempted.

            I know there is a prescription cannabidiol approved for Dravet. Our neurologist
            hasn't brought it up yet.

            For families who've been down this road:

            - Did you ask about the prescription one? How did that conversation go?
            - Did anyone use a shop product, and did your neurologist know?
            - Were there extra blood tests or dose changes to her other medicines?

            I'm not looking for doses; just how you approached it with your team.
        """),
        comments=(
            (
                "peds_neph_np",
                "Not my specialty, but this comes up with families in our unit too. The two "
                "worries teams have with shop products: the amount of CBD in the bottle often "
                "doesn't match the label, and some contain THC. CBD also raises the levels of "
                "some seizure medicines, clobazam for example, so the neurologist needs to know "
                "to check and adjust. Asking about the prescription form is a very reasonable "
                "question to bring.",
            ),
            (
                "fontan_family",
                "Moderator note: thanks for asking this the way you did. Everyone, please share "
                "what your own team told you, but don't post doses for someone else's child.",
            ),
            (
                "dravet_dad",
                "We asked. The neurologist is starting the prescription one next month, with "
                "blood tests beforehand and after. Glad we didn't just try the shop oil.",
            ),
        ),
    ),
)
