"""Demo posts that cut across conditions: working together, camps, the forum itself."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="qi_coach_dana",
        kind="change_idea",
        title="Parents on the improvement team, and paid for their time",
        days_ago=235,
        conditions=("other", "ibd"),
        tags=("qi", "co-production", "parent-partners"),
        body=md("""
            For years our clinic improvement teams were all staff. When we added **two parent
            partners to each team**, the ideas changed. Some of our most-spread changes came
            from them: the bathroom card for school, texting lab reminders, a "what to bring"
            list for infusion days.

            What we learned about doing it properly:

            - **Pay them.** Parents give up work and childcare to come. We pay parent partners
              the same hourly rate as other consultants. Unpaid "volunteering" meant only
              families with free time could take part.
            - **At least two per team.** One parent in a room of ten clinicians gets
              outnumbered, however welcome they are made to feel.
            - **Meetings at times that work for families**: early evening, on video, with the
              camera optional.
            - **Real work, not just feedback.** Parents co-lead PDSA cycles, look at the data
              and present at network meetings.
            - **Plain language everywhere.** If a parent partner doesn't understand a slide,
              neither will the families we're trying to reach.

            The [ImproveCareNow](https://www.improvecarenow.org) network has done this for a
            long time and shares its parent-partner materials, which is where we started.

            Hardest part: budget. We funded it by cutting one outside consultant. Nobody misses
            the consultant.
        """),
        comments=(
            (
                "tessa_and_theo",
                "I'm a parent partner on our clinic's team. Being paid made my husband stop "
                'calling it my "hobby", and it meant I could take the time off work.',
            ),
            (
                "ibd_nurse_ro",
                'Our pre-visit huddle sheet had a line added by a parent partner: "anything the '
                "family asked for last time\". It's the row families notice most.",
            ),
        ),
        outcomes=(
            ("ibd_nurse_ro", "worked", "Two paid parent partners on our IBD team since spring."),
            (
                "peds_neph_np",
                "partly",
                "One paid parent partner in dialysis QI; scheduling around dialysis days is hard.",
            ),
            ("asthma_rt_marcus", "worked", "A parent and a teen partner on our school program."),
        ),
    ),
    DemoPost(
        author="camp_counselor_bea",
        kind="hack",
        title="Medication pass for 120 campers: colored lanyards and a laminated map",
        days_ago=85,
        conditions=("other",),
        tags=("camp", "medicines"),
        body=md("""
            Our camp serves children with many different conditions: diabetes, epilepsy, heart
            and kidney conditions, CF. Medication pass used to mean 120 kids in a long line at
            the health center, four times a day. Missed doses happened, and kids hated it.

            What we changed, with the camp nurses:

            - **Colored lanyards** by medicine time: blue for breakfast, yellow for lunch,
              green for dinner, purple for bedtime. Kids with a colored lanyard go to med pass
              at that meal. Counselors can see at a glance who's missing.
            - **Med pass at the dining hall**, at a table by the door, instead of the health
              center across camp.
            - A **laminated cabin map** at the nurses' table: each camper's photo by their
              cabin, with a dry-erase tick for each dose. A missing tick at the end of the meal
              means a counselor goes to find them.
            - **Enzymes and snack insulin stay with the kids who manage them** (with the
              nurses' sign-off), so those kids eat with everyone else.

            Missed doses went down to almost none. The line is gone. And kids said med pass
            "feels normal now" because it's at the meal, like everyone else.
        """),
        comments=(
            (
                "salty_kisses_cf",
                "Enzymes with the kid, not in the health center, is exactly what our CF team "
                "asks camps for. So glad to see it.",
            ),
            (
                "mr_h_teaches_5th",
                "Borrowing the lanyard colors for our overnight class trip next year.",
            ),
        ),
        outcomes=(
            (
                "mr_h_teaches_5th",
                "worked",
                "Colored tags for the overnight trip. Zero missed doses.",
            ),
            ("fontan_family", "worked", ""),
        ),
    ),
    DemoPost(
        author="asthma_abuela",
        kind="question",
        title="Any other grandparents here raising their grandchildren?",
        days_ago=3,
        conditions=("other",),
        tags=("grandparents", "support"),
        body=md("""
            I'm 63 and have been raising my grandson since he was four. His asthma is under
            control now, thanks partly to this forum. What I'm missing is other people my age
            doing the same thing.

            - At school events I'm the only grandmother among the parents, and the forms all
              say "mother" and "father".
            - I get tired in a way I didn't at 40. Evenings with homework, inhalers and dinner
              wipe me out.
            - Most parent groups meet online in the evening, on apps I don't really use.

            Where did you find other grandparents in the same boat? Local groups, online, at
            church? And how do you keep your own health appointments when everything is about
            the child?
        """),
        comments=(
            (
                "micro_preemie_mama",
                "My mother helps raise our daughter and found a kinship-carers group through "
                "the hospital social worker. Worth asking at your grandson's clinic.",
            ),
            (
                "dravet_dad",
                "Our condition charity runs a grandparents' group. Maybe the asthma and allergy "
                "organizations do too? And please keep your own appointments; he needs you well.",
            ),
        ),
    ),
    DemoPost(
        author="mg_admin",
        kind="question",
        title="What should Middle Ground do better? Tell us here",
        days_ago=9,
        conditions=("other",),
        tags=("feedback",),
        body=md("""
            Middle Ground has been open to families, patients and clinicians for a little under
            a year. Thank you to everyone who has posted what worked, reported back with "I
            tried this", or flagged something that wasn't safe. The outcome reports are what
            make this place different, and you've made more than a hundred of them.

            We'd like to know what to improve next. A few things we've heard already:

            - **A printable version** of a post, to take to a school or clinic meeting.
            - **Following a condition**, with a weekly summary of new posts.
            - **Saving posts** to come back to later.

            What would help you most? Reply below. The volunteer moderators and I read every
            comment.

            A reminder while you're here: please don't post anything that could identify a
            child (full names, schools, photos of documents). Use the flag button if you see
            something that shouldn't be here.
        """),
        comments=(
            (
                "tessa_and_theo",
                "Printable posts, please! I printed the 504 plan post and it lost all the "
                "formatting.",
            ),
            (
                "ibd_nurse_ro",
                "Following a condition. I'd check IBD weekly if I got a short summary.",
            ),
            (
                "gutsy_grace17",
                "a way to find posts written by teens or for teens? most of it is parents "
                "(which is fine, but still)",
            ),
            (
                "mg_admin",
                "@gutsy_grace17 good one. You can already filter search by perspective "
                '("patient"); we\'ll look at making that easier to find.',
            ),
        ),
    ),
)
