"""Demo posts: children and teenagers with IBD at school."""

from forum.seed.spec import DemoPost, md

POSTS = (
    DemoPost(
        author="tessa_and_theo",
        kind="hack",
        title="The bathroom pass that finally worked for Theo's Crohn's at school",
        days_ago=290,
        conditions=("crohns-disease",),
        tags=("school", "bathroom-pass", "504-plan"),
        body=md("""
            Theo was diagnosed with Crohn's in fourth grade. The first month back at school he
            held it all day because he didn't want to raise his hand and ask in front of
            everyone. By the afternoon he was in pain and snapping at us. Here's what changed it.

            **What we set up**

            - A **laminated card** the size of a business card that says "Theo may leave class
              at any time. Please don't ask why." He puts it on the corner of his desk and walks
              out. No raised hand, no conversation.
            - **A seat near the door**, agreed with the teacher, not announced to the class.
            - The **nurse's office bathroom** as a backup, so he isn't stuck with the busy one
              by the gym.
            - A **spare clothes bag** at the nurse's office (underwear, sweatpants, wipes, a
              plastic bag). He has needed it twice. Both times nobody else knew.

            **How we got the teacher on board**

            I emailed before the first day with three sentences: what Crohn's is, what the card
            means, and that he might be gone 10–15 minutes. I asked her not to make up for it
            with "hurry back" comments. She printed the card herself.

            **What we'd do differently**

            Put it in writing in his 504 plan from the start. The card worked with his homeroom
            teacher right away, but a substitute in November didn't know about it. Now the plan
            says the card applies to every adult in the building, including subs and specials
            teachers.

            He's in sixth grade now and hasn't had to ask in front of the class once. That's the
            whole point.
        """),
        comments=(
            (
                "ibd_nurse_ro",
                "This is what we suggest in clinic, and the substitute gap is the one families "
                "hit most. One more thing worth adding to the 504: **unlimited water and "
                "snacks**. Some kids drink less all day to avoid the bathroom, which makes "
                "everything worse.",
            ),
            (
                "uc_dad_ohio",
                "We copied the card word for word. My daughter put a small sticker on hers so it "
                "looked like hers and not like a hall pass from the office. Teenagers care about "
                "that.",
            ),
            (
                "mr_h_teaches_5th",
                "Teacher here. Please keep sending those three-sentence emails. We get a stack "
                "of paperwork in August and the short email from a parent is what I actually "
                "remember. I keep a sub folder with a one-line note for each student who has a "
                "plan.",
            ),
            (
                "tessa_and_theo",
                "@mr_h_teaches_5th the sub folder is a great idea. I'll ask his school whether "
                "they keep one.",
            ),
            (
                "gutsy_grace17",
                "wish someone had done this for me in middle school. i only went at lunch and it "
                "was awful. high schoolers: you can ask for this yourself, you don't need your "
                "parents to do it",
            ),
        ),
        outcomes=(
            ("uc_dad_ohio", "worked", "Card plus 504 wording about substitutes. Zero problems."),
            ("gutsy_grace17", "worked", "Asked my guidance counselor myself at 16. One meeting."),
            (
                "celiac_lunchbox",
                "partly",
                "Used the card for nurse visits. One teacher still asks questions out loud.",
            ),
            (
                "kidney_kid_dad",
                "worked",
                "Owen needs the bathroom a lot on non-dialysis days. Same card, other reason.",
            ),
            ("healthy_gut_jen", "worked", ""),
        ),
    ),
    DemoPost(
        author="uc_dad_ohio",
        kind="hack",
        title="Our 504 plan for ulcerative colitis: the accommodations we asked for",
        days_ago=250,
        conditions=("ulcerative-colitis", "ibd"),
        tags=("504-plan", "school"),
        body=md("""
            When our daughter was diagnosed with UC in eighth grade, the school offered an
            "informal plan". Get it in writing. A [Section 504
            plan](https://www2.ed.gov/about/offices/list/ocr/504faq.html) is a document the
            school has to follow, including when staff change. This is what ours says, close to
            word for word. Take what fits.

            **Bathroom and health**

            1. Unrestricted, immediate access to the restroom without asking, using a discreet
               signal agreed with each teacher.
            2. Use of the nurse's private restroom.
            3. A water bottle and snacks in class at all times.
            4. A change of clothes kept at the nurse's office.

            **Attendance and work**

            5. Absences and late arrivals related to UC or appointments are excused and don't
               count toward the attendance policy.
            6. After any absence, an extension for missed work of at least as many school days
               as she missed.
            7. Copies of class notes when she misses class.
            8. One point person (her counselor) who tells teachers when she's out, so we don't
               email six people from a hospital bed.

            **Tests**

            9. Tests in a room near a restroom; the clock stops for restroom breaks.
            10. A make-up test without penalty if a flare starts during a test.

            **PE and trips**

            11. PE as tolerated, with no grade penalty on flare days.
            12. Field trips: restroom access planned in advance and a staff member who knows
                the plan.

            **What helped at the meeting**

            - A letter from her GI team. Our nurse had a template ready, so ask yours.
            - We brought the list printed, so the meeting was about editing our draft instead
              of starting from a blank form.
            - Our daughter came for the first 15 minutes. Hearing her say "I don't want people
              to know" changed the tone in the room.

            The [Crohn's & Colitis Foundation](https://www.crohnscolitisfoundation.org) has a
            school accommodations guide that was our starting point.
        """),
        comments=(
            (
                "ibd_nurse_ro",
                "Bookmarking this for families. Number 8, one point person, is underrated.",
            ),
            (
                "tessa_and_theo",
                "We didn't have #9 and Theo had to walk out of an end-of-year test with no extra "
                "time. Adding it this year.",
            ),
            (
                "gutsy_grace17",
                "#10 saved me during finals. also: AP exams have their own accommodations "
                "process through the College Board and it takes weeks, so start early",
            ),
            (
                "mr_h_teaches_5th",
                "From the teacher side: #6 with a number in it is far easier to follow than "
                '"reasonable extension". Thank you for writing it that way.',
            ),
        ),
        outcomes=(
            ("tessa_and_theo", "worked", "Used 1–4, 6 and 9 for Theo. Approved in one meeting."),
            ("celiac_lunchbox", "partly", "Used the structure for our celiac plan."),
            ("gutsy_grace17", "worked", ""),
            (
                "healthy_gut_jen",
                "worked",
                "Took your list to our meeting. They agreed to everything but unlimited snacks.",
            ),
            (
                "kidney_kid_dad",
                "partly",
                "The attendance part worked; the point person never really happened.",
            ),
        ),
    ),
    DemoPost(
        author="gutsy_grace17",
        kind="hack",
        title="Exams during a Crohn's flare: what I do (from a 17-year-old)",
        days_ago=120,
        conditions=("crohns-disease",),
        tags=("school", "exams", "flares"),
        body=md("""
            I've done two years of exams with Crohn's, including finals in the middle of a
            flare. Here's what actually helps me, not what adults think helps.

            **The week before**

            - I email each teacher myself (short!) to remind them I have a 504 and which
              accommodations I'll use. At my school teachers respond way better to the student
              than to a parent email.
            - I eat my safe foods only. For me that's rice, eggs, bananas, plain chicken and
              oat bars. Not the week to try the new ramen place.

            **The day of**

            - I take the test in the small room by the nurse, with a sealed snack and water.
            - The clock stops when I go to the bathroom. I used to feel weird using that. Now I
              use it every time, because the "what if" anxiety was worse than the actual trip.
            - Heating pad in the small room (the nurse keeps one for me). Sounds silly, helps a
              lot with cramps.

            **If a flare starts during the test**

            My plan says I can stop and make it up without penalty. I did that once in
            chemistry. The make-up was fine and nobody in class knew.

            **Stuff I wish I'd known at 14**

            - Being wiped out is part of it. I plan one easy thing after every exam, not another
              study session.
            - You can say "I have Crohn's" or just "I have a medical thing". Both are fine.

            If you're a teenager reading this: ask for accommodations *before* you need them.
            They're much harder to get in the middle of a flare.
        """),
        comments=(
            (
                "tessa_and_theo",
                "Showing this to Theo. He listens to teenagers a lot more than he listens to me.",
            ),
            (
                "ibd_nurse_ro",
                "The part about emailing teachers yourself is a good one. Speaking up for "
                "yourself is one of the things we practise with teens before they move to adult "
                "care.",
            ),
            (
                "uc_dad_ohio",
                'My daughter read this and said "finally someone normal". High praise.',
            ),
        ),
        outcomes=(
            (
                "uc_dad_ohio",
                "worked",
                "She emails her teachers herself now. Works better than mine.",
            ),
            (
                "tessa_and_theo",
                "partly",
                "Safe-foods week helped. He still won't use the clock stop.",
            ),
            (
                "sickle_strong_jay",
                "worked",
                "Different condition, same plan for college finals. Heating pad helps my pain too.",
            ),
        ),
    ),
    DemoPost(
        author="ibd_nurse_ro",
        kind="change_idea",
        title="A school letter at every new IBD diagnosis, instead of waiting for families to ask",
        days_ago=200,
        conditions=("ibd",),
        tags=("school", "new-diagnosis", "qi"),
        body=md("""
            **The problem.** Families in our clinic usually asked for a school letter weeks
            after diagnosis, often after a bad day at school. Looking back over six months of
            new diagnoses, the median time from diagnosis to a letter in the school's hands was
            **41 days**, and most kids had an accident or a missed test in that gap.

            **The change.** Every newly diagnosed family now gets a school letter at the second
            visit, filled in with them in the room:

            - a one-page letter from the GI team (restroom access, water and snacks, excused
              absences, rest breaks);
            - a checklist of 504 accommodations to take to school, as a starting point;
            - our nurse line, for the school nurse.

            The front desk flags new-diagnosis visits and the nurse prepares the letter in the
            pre-visit huddle, so it takes under five minutes in the room.

            **How we tested it.** Three PDSA cycles over four months:

            1. One nurse, one clinic day. The letter was two pages; cut to one.
            2. All nurses. Added the checklist after families kept asking "what do I ask for?"
            3. Added a phone call two weeks later: "Did the school get it? Any problems?"

            **Results so far.** Median days from diagnosis to letter at school went from 41 to
            9 (our own count, 23 families). Families say it makes the first school meeting
            shorter. The follow-up call catches the schools that lose paperwork.

            It builds on the school resources from [ImproveCareNow](https://www.improvecarenow.org);
            ours adds the checklist and the call.
        """),
        comments=(
            (
                "qi_coach_dana",
                "Love that you measured days-to-letter rather than letters handed out. Did you "
                "track anything on the school side, like which accommodations were granted?",
            ),
            (
                "ibd_nurse_ro",
                "Not formally; the follow-up call is where we hear about it. Most schools grant "
                "restroom and water straight away. Excused absences and test accommodations "
                "take longer.",
            ),
            (
                "peds_neph_np",
                "Borrowing this for our dialysis kids. They miss three afternoons a week and the "
                "school often finds out from the child.",
            ),
            (
                "tessa_and_theo",
                "Parent view: we got a letter like this at diagnosis and the first school meeting "
                "took ten minutes instead of being an argument.",
            ),
        ),
        outcomes=(
            (
                "peds_neph_np",
                "partly",
                "Adapted for dialysis. Letters go out; the follow-up call slips when we're short.",
            ),
            (
                "qi_coach_dana",
                "worked",
                "Spread to two more network clinics; both cut time-to-letter by more than half.",
            ),
            (
                "asthma_rt_marcus",
                "worked",
                "Asthma version: action plan plus letter at ED follow-up.",
            ),
        ),
    ),
    DemoPost(
        author="tessa_and_theo",
        kind="question",
        title="IBD and school field trips: how do you plan for bathrooms?",
        days_ago=45,
        conditions=("crohns-disease", "ibd"),
        tags=("school", "field-trip"),
        body=md("""
            Theo's class has a day trip to the science museum next month: a 90-minute bus ride
            each way, and the teacher said "there will be bathroom stops". He's doing well right
            now, but the bus is the thing he's most anxious about.

            What have you done for field trips?

            - Did you ask for a particular chaperone who knows about the Crohn's?
            - Did you drive your child yourselves instead of the bus?
            - Anything that helped with the worry beforehand?

            He does **not** want to be the kid whose mom shows up. But I also don't want him
            sitting in pain for 90 minutes because he's too embarrassed to ask the driver to
            stop.
        """),
        comments=(
            (
                "uc_dad_ohio",
                "We asked for a seat at the front near the teacher, the route and planned stops "
                "in writing beforehand, and a named chaperone. She carries a small kit (wipes, "
                "spare leggings). Never needed it, but knowing it was there was half the battle.",
            ),
            (
                "gutsy_grace17",
                "front seat + knowing where the stops are = most of the anxiety gone. also a "
                "toilet-finder app on your phone so you know there's always an option",
            ),
            (
                "ibd_nurse_ro",
                "Worth adding field trips to the 504 if they aren't there already. Several IBD "
                'charities offer a **"can\'t wait" card** too; it makes asking a shop for its '
                "restroom on the way much easier.",
            ),
            (
                "mr_h_teaches_5th",
                "When I plan trips I'd much rather know in advance. I can ask the bus company "
                "for a stop at the halfway mark and sit the student near me without making it a "
                "thing.",
            ),
            (
                "tessa_and_theo",
                "Thank you all. The teacher agreed to a halfway stop and he's sitting with his "
                "friend near the front.",
            ),
            (
                "tessa_and_theo",
                "Update: the trip went fine. He used the halfway stop and came home talking "
                "about the planetarium, not his stomach.",
            ),
        ),
    ),
    DemoPost(
        author="uc_dad_ohio",
        kind="hack",
        title="Back to school after a UC hospital stay: our catch-up plan",
        days_ago=160,
        conditions=("ulcerative-colitis",),
        tags=("school", "hospital"),
        body=md("""
            Our daughter spent 11 days in hospital with a severe flare, then two more weeks at
            home. She came back to a pile of missing work and a lot of panic. This is what
            worked the second time (after the first time went badly).

            1. **Hospital school first.** Most children's hospitals have teachers. Ask on day
               one, not day six. She kept up with math there.
            2. **One meeting, not six emails.** Her counselor set up a 20-minute meeting with
               all her teachers, two of them on video, the week before she went back.
            3. **Each teacher marked what was essential.** Not "make up everything". Her
               English teacher cut four assignments to one essay; science excused two labs and
               gave her the data to write up.
            4. **A written calendar.** The counselor typed a two-week schedule: which
               assignment, due when. It went on the fridge.
            5. **Half days for the first week**, approved in a short note from her GI doctor.
               She was still tapering steroids and wiped out by 1 p.m.

            What didn't work: the first time, we let her "just catch up". She tried to do three
            weeks of work in one weekend and cried through Sunday.

            If your child is still in hospital, ask the hospital's school liaison to contact
            the school directly. Ours did, and that made the counselor meeting easy to set up.
        """),
        comments=(
            (
                "gutsy_grace17",
                '#3 is so important. "Make up everything" is impossible when you\'re still '
                "recovering.",
            ),
            (
                "ibd_nurse_ro",
                "Half days after discharge should be more common. A note from us usually does "
                "it; just ask.",
            ),
            ("kidney_kid_dad", "Hospital school saved Owen's year. Agree: ask on day one."),
        ),
        outcomes=(
            (
                "tessa_and_theo",
                "worked",
                "After Theo's admission last spring. The counselor meeting made it manageable.",
            ),
            ("kidney_kid_dad", "worked", "Used steps 2–4 after a transplant work-up week."),
            (
                "sickle_strong_jay",
                "partly",
                "College version through the disability office. Professors varied a lot.",
            ),
        ),
    ),
    DemoPost(
        author="healthy_gut_jen",
        kind="hack",
        title="The teacher who finally got it: quiet check-ins for my daughter with UC",
        days_ago=7,
        conditions=("ulcerative-colitis",),
        tags=("school", "teachers"),
        body=md("""
            I want to share what one teacher did, because it made more difference than any
            form we filled in. My daughter Maddie is in Ms. Alvarez's 7th-grade homeroom, room
            114 at Westfield Middle School, and this teacher has been amazing since her UC
            diagnosis.

            - She agreed a **silent signal** with Maddie: a pencil on the corner of the desk
              means "I need to go". No asking, no looking up.
            - She **checks in privately** once a week, at the end of the day, with one question:
              "Anything I should know?" Maddie actually answers her.
            - When Maddie missed four days in a row, she **sent home one page** with only the
              work that mattered, instead of everything.
            - She moved the seating plan so Maddie sits by the door, and moved three other kids
              too so it didn't look like it was about her.

            If your child's teacher is struggling to understand, maybe show them this list.
            Good teachers don't need a 504 to do this, but it helps to ask for it in writing.
        """),
        comments=(
            (
                "uc_dad_ohio",
                "What a great teacher. Small thing: you might want to take the school and class "
                "out of the post. Everything here is public and search engines find it.",
            ),
            (
                "mr_h_teaches_5th",
                "Moving other kids too so it doesn't look like it's about her: that's a "
                "teacher who's done this before. I'm stealing the weekly one-question check-in.",
            ),
        ),
        outcomes=(
            ("tessa_and_theo", "partly", "Asked Theo's teacher for a weekly check-in. Trying it."),
        ),
    ),
)
