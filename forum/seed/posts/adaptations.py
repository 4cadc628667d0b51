"""Demo posts that adapted another one: a clinic's idea spreading two steps, a family's hack.

Each names what it adapted (``adapted_from``, a demo post's title) and says
what was changed (``adaptation_note``); the loader links them.
"""

from forum.seed.records import CHECKLIST, HUDDLE
from forum.seed.spec import DemoPost, md

BATHROOM_PASS = "The bathroom pass that finally worked for Theo's Crohn's at school"

POSTS = (
    DemoPost(
        author="dr_okafor_gi",
        kind="change_idea",
        title=CHECKLIST,
        days_ago=150,
        conditions=("crohns-disease", "ulcerative-colitis"),
        tags=("pre-visit-planning", "labs", "qi"),
        adapted_from=HUDDLE,
        adaptation_note=(
            "Kept the one-page sheet and the two-days-ahead timing. Dropped the huddle: we are "
            "two doctors with no daily team meeting, so our medical assistant runs the sheet "
            "alone, and families get a text first and a call only if they don't answer."
        ),
        body=md("""
            We are a community pediatric GI clinic: two doctors, one medical assistant, about
            25 IBD visits a week. We read the huddle post from the learning network and wanted
            the result (labs back before the visit, so the visit can decide treatment) without
            a meeting we could never staff.

            **What we do instead**

            - Two days before each clinic our medical assistant goes down the **same one-page
              sheet**: labs due by protocol and by drug, orders in, stool kit sent, drug-level
              timing.
            - Families get a **text** saying which lab, where, and by when. Only families who
              haven't replied by the next morning get a call.
            - The front desk has the sheet too, so cover days don't fall apart.

            **Baseline.** About 60% of IBD visits had their labs resulted before the visit.

            **So far.** Labs ready before the visit climbed over six weeks to the high 80s,
            and visits where we had to put off a treatment decision fell from about six a week
            to two.

            **What we'd tell another small clinic:** texting did more than we expected. Most
            families answer a text within an hour; calls went to voicemail. And write the
            sheet for the person who covers, not just for the person who made it.
        """),
        comments=(
            (
                "ibd_nurse_ro",
                "Love that this works without the huddle. Did you keep the 'anything the family "
                "asked for last time' row? It was the one our parent partners cared about most.",
            ),
            (
                "dr_okafor_gi",
                "@ibd_nurse_ro we did. The MA reads it out to us the morning of clinic.",
            ),
        ),
        outcomes=(
            ("ibd_nurse_ro", "worked", "Texts first is now what we do too."),
            ("qi_coach_dana", "partly", "Two clinics in our network tried it; one lost its MA."),
        ),
    ),
    DemoPost(
        author="peds_neph_np",
        kind="change_idea",
        title="A pre-review checklist for monthly dialysis reviews, from the IBD clinics",
        days_ago=45,
        conditions=("dialysis", "chronic-kidney-disease"),
        tags=("pre-visit-planning", "labs", "qi"),
        adapted_from=CHECKLIST,
        adaptation_note=(
            "Same checklist idea, one step further from IBD: our reviews are monthly and "
            "the labs are drawn on the dialysis machine, so the check runs the week before "
            "the review and the dietitian adds the fluid weights."
        ),
        body=md("""
            Our dialysis unit holds a monthly review for each child: the nephrologist, the
            dietitian, a nurse, the family. Too often the monthly labs weren't back, or the
            drug levels were drawn at the wrong point in the run, and the review became a
            list of things to chase.

            We borrowed the pre-visit checklist from the IBD clinics here, which itself grew
            out of another clinic's huddle. What changed for dialysis:

            - The check runs **the week before** the review, not two days ahead. Monthly labs
              are drawn on the machine at the start of a run, so there is time to redraw.
            - The **dietitian adds the fluid weights** and the phosphate trend to the sheet.
            - The nurse confirms with the family **what they want to talk about**, so the review
              starts with their question.

            We're in our second month. Early signs: every review this month had its labs, and
            the reviews are shorter. We'll post the numbers when we have enough points for a
            run chart.

            Thanks to the teams who wrote theirs up in enough detail to copy.
        """),
        comments=(
            (
                "kidney_kid_dad",
                "Owen's review last week started with his question about swimming. First time.",
            ),
        ),
        outcomes=(("ibd_nurse_ro", "worked", "Glad it travels beyond IBD."),),
    ),
    DemoPost(
        author="uc_dad_ohio",
        kind="hack",
        title="Our version of the bathroom card: a high-schooler with UC, her own design",
        days_ago=240,
        conditions=("ulcerative-colitis",),
        tags=("school", "bathroom-pass", "teens"),
        adapted_from=BATHROOM_PASS,
        adaptation_note=(
            "Same card and the same 504 wording about substitutes. Changed for high school: she "
            "designed her own card so it doesn't look like a pass from the office, and it lives "
            "in her phone case because she changes rooms every period."
        ),
        body=md("""
            We copied Theo's bathroom card for our daughter (14, ulcerative colitis) and it
            worked, but high school needed a few changes.

            **What we changed**

            - **She designed it herself.** A small card with a sticker in the corner, so it
              looks like hers and not like a hall pass from the office. Teenagers care about
              that more than about the bathroom.
            - **It lives in her phone case.** She changes rooms every period; a card on the
              corner of one desk doesn't work when there are seven desks.
            - **One email to all seven teachers**, the same three sentences Theo's mom used,
              plus the line from the 504 plan that it applies to substitutes.
            - **The nurse's bathroom** as the backup, same as Theo.

            **How it went**

            She has used it most days during a flare and nobody has asked her a question in
            front of the class. One substitute did; she showed the card and the sub said "go".
            That was the test we'd worried about.

            Thank you to the family who wrote the first version. We'd never have thought to put
            substitutes in the plan.
        """),
        comments=(
            (
                "tessa_and_theo",
                "The phone case is genius. Theo starts middle school next year with rotating "
                "classes, so we're stealing this back.",
            ),
        ),
        outcomes=(
            ("gutsy_grace17", "worked", "Phone case version, senior year. Works."),
            ("healthy_gut_jen", "worked", "Our daughter made her own too."),
            ("celiac_lunchbox", "partly", "Fine in class; the cafeteria staff didn't know it."),
        ),
    ),
)
