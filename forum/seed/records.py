"""The demo's change-idea records: aims, settings, measures with data, PDSA cycles.

Keyed by the title of the demo post they belong to. What each chart shows
(checked by ``tests/forum/test_seed.py`` with the run-chart rules):

* the pre-visit huddle: missed labs fall and stay down; its study is
  published (a DOI a verified clinician confirmed), so *Published*;
* the clinic that adapted it: labs ready before the visit climb, a *trend*;
* the spacers at school: spacers climb once the clinic hands them out, a *trend*;
* the fluid cups: weight gain between sessions falls, a *shift*;
* the loaner blood-pressure cuffs: *nothing at all* yet, honestly reported.
"""

from __future__ import annotations

from forum.seed.series import climb, steady, step
from forum.seed.spec import DemoCycle, DemoMeasure, DemoRecord

HUDDLE = "Pre-visit planning huddle cut missed labs from 31% to 9%"
CHECKLIST = "Pre-visit labs without a huddle: a two-day checklist for a two-doctor IBD clinic"
SPACERS = "A spacer with every inhaler at school: a school-nurse change that stuck"
FLUID_CUPS = "Pre-marked fluid cups cut weight gain between dialysis sessions"
BP_CUFFS = "Loaner blood-pressure cuffs for kids with CKD, with a text-back log"

RECORDS: dict[str, DemoRecord] = {
    HUDDLE: DemoRecord(
        aim_what="Fewer clinic visits where a lab the child needs is missing",
        aim_target="from 31% of visits to under 10%",
        aim_by_days=-330,
        setting_kind="clinic",
        setting_size="Pediatric IBD clinic, about 60 visits a week, five providers",
        setting_people="A nurse, a medical assistant and one provider at each huddle; "
        "two parent partners on the improvement team",
        every=14,
        last_days_ago=5,
        coauthors=("tessa_and_theo",),
        citation=("doi", "10.1542/peds.2011-1700", "dr_okafor_gi"),
        measures=(
            DemoMeasure(
                "Visits with a needed lab missing",
                "% of visits",
                "process",
                step("huddle-missing", 40, 12, 31, 9, 2.5, ramp=5),
            ),
            DemoMeasure(
                "Second trips to the lab after a visit",
                "families a fortnight",
                "outcome",
                step("huddle-trips", 40, 12, 14, 4, 2, ramp=4),
                entered_by="tessa_and_theo",
            ),
            DemoMeasure(
                "Clinic sessions that ran late",
                "sessions a fortnight",
                "balancing",
                steady("huddle-late", 40, 3, 1.5),
            ),
        ),
        cycles=(
            DemoCycle(
                12,
                plan="A 10-minute huddle every morning: nurse, medical assistant and one provider "
                "go through the visits two days out on a one-page sheet.",
                done="Ran it every clinic morning for two weeks.",
                learned="It caught missing orders, but a daily huddle was too much on top of "
                "clinic: on busy days people skipped it.",
                decision="adapt",
            ),
            DemoCycle(
                14,
                plan="Twice a week (Tuesday and Thursday, 8:30), and the medical assistant "
                "calls or messages every family with a lab due.",
                done="Four weeks at twice a week; every family with a lab due was contacted.",
                learned="Missed blood tests fell fast. Stool samples for calprotectin were still "
                "missing: families forgot the kit.",
                decision="adapt",
            ),
            DemoCycle(
                16,
                plan="Mail the stool kit with a prepaid envelope, and add a drug-level row so "
                "infusion patients have levels drawn at the right time.",
                done="Kits mailed to every family with a calprotectin due; the sheet gained a row.",
                learned="Missed labs reached 9% and stayed there. Postage is about $40 a month.",
                decision="adopt",
                lasted=60,
            ),
        ),
    ),
    CHECKLIST: DemoRecord(
        aim_what="Labs resulted before the visit, so the visit can decide treatment",
        aim_target="from about 60% of visits to 85%",
        aim_by_days=30,
        setting_kind="clinic",
        setting_size="Community pediatric GI clinic, two doctors, about 25 IBD visits a week",
        setting_people="The two doctors, one medical assistant and the front desk",
        last_days_ago=2,
        measures=(
            DemoMeasure(
                "Visits with labs resulted before the visit",
                "% of IBD visits",
                "process",
                climb("checklist-ready", 30, 9, 60, 88, 6, 4),
            ),
            DemoMeasure(
                "Treatment decisions put off for labs",
                "visits a week",
                "outcome",
                step("checklist-deferred", 30, 9, 6, 2, 1.5, ramp=3),
            ),
        ),
        cycles=(
            DemoCycle(
                9,
                plan="The medical assistant runs the one-page sheet from the huddle post alone, "
                "two days before each clinic, and messages families.",
                done="Three weeks, both doctors' patients.",
                learned="Works without a meeting. Families answered texts far more than calls.",
                decision="adapt",
            ),
            DemoCycle(
                12,
                plan="Texts first, a call only when there is no reply by the next morning.",
                done="Five weeks; the front desk covers the calls when the MA is out.",
                learned="Labs ready before the visit kept climbing; the front desk needs the sheet "
                "too, or cover days fall apart.",
                decision="adopt",
                lasted=70,
            ),
        ),
    ),
    SPACERS: DemoRecord(
        aim_what="Every rescue inhaler kept at school has a spacer with it",
        aim_target="from 35% of inhalers to at least 85%",
        aim_by_days=-120,
        setting_kind="school",
        setting_size="11 elementary schools, about 170 rescue inhalers in nurse offices",
        setting_people="School nurses, our respiratory therapists and families",
        every=14,
        last_days_ago=10,
        measures=(
            DemoMeasure(
                "Inhalers at school with a spacer",
                "% of inhalers",
                "process",
                climb("spacers-with", 30, 8, 36, 88, 6, 3),
            ),
            DemoMeasure(
                "Rescue doses at school given without a spacer",
                "doses a fortnight",
                "outcome",
                step("spacers-doses", 30, 8, 11, 3, 2, ramp=5),
            ),
        ),
        cycles=(
            DemoCycle(
                6,
                plan="Ask families at the clinic visit to bring a spacer to school with the "
                "inhaler.",
                done="A printed reminder at every asthma visit for a month.",
                learned="Almost nobody did: insurance covers one spacer and families keep it at "
                "home.",
                decision="abandon",
            ),
            DemoCycle(
                8,
                plan="Hand out two spacers at every visit, one labelled for school; nurses message "
                "us when an inhaler arrives without one.",
                done="Two spacers at every visit; we sent a spacer within a week of each message.",
                learned="Spacers climbed every fortnight. Some insurers cover a second spacer "
                "if the prescription says 'one for school'.",
                decision="adapt",
            ),
            DemoCycle(
                13,
                plan="Add a 15-minute spacer refresher for school nurses, with masks for the "
                "youngest children.",
                done="Refresher at the autumn nurses' meeting.",
                learned="Nurses feel more confident giving rescue doses; two schools asked for it "
                "for PE staff.",
                decision="adopt",
                lasted=90,
            ),
        ),
    ),
    FLUID_CUPS: DemoRecord(
        aim_what="Smaller fluid gains between dialysis sessions for our teens",
        aim_target="average gain under 3.5% of dry weight",
        aim_by_days=-150,
        setting_kind="hospital",
        setting_size="Pediatric hemodialysis unit, 14 children and teens",
        setting_people="Five teens with the highest gains, their families, our dietitian "
        "and dialysis nurses",
        every=14,
        last_days_ago=4,
        measures=(
            DemoMeasure(
                "Weight gain between sessions",
                "% of dry weight, group average",
                "outcome",
                step("cups-gain", 36, 17, 4.6, 3.1, 0.3, ramp=2, digits=1),
            ),
            DemoMeasure(
                "Runs with cramping",
                "runs a fortnight",
                "balancing",
                step("cups-cramps", 36, 17, 7, 4, 1.5, ramp=3),
            ),
        ),
        cycles=(
            DemoCycle(
                17,
                plan="Give each of the five families cups marked every 100 mL and a bottle marked "
                "with the day's allowance.",
                done="Cups handed out at the monthly dietitian visit.",
                learned="Families could finally see 900 mL. Two asked for a way to keep count.",
                decision="adapt",
            ),
            DemoCycle(
                19,
                plan="Add a tally sheet on the fridge that the child ticks, and a 'fluid in food' "
                "card.",
                done="Tally sheet and card for all five; the child holds the pen.",
                learned="Gains fell by about a third. When parents held the tally it became a "
                "fight.",
                decision="adapt",
            ),
            DemoCycle(
                22,
                plan="Let the teens decorate their own bottles.",
                done="A decorating afternoon in the unit.",
                learned="The most popular part. Weekends, with the longest gap, are still hard "
                "for two of the five.",
                decision="adopt",
                lasted=90,
            ),
        ),
    ),
    BP_CUFFS: DemoRecord(
        aim_what="Children with CKD whose blood pressure is at target",
        aim_target="from about 55% to 75% at their clinic visit",
        aim_by_days=60,
        setting_kind="home",
        setting_size="20 loaner cuffs for a pediatric nephrology clinic of about 120 children",
        setting_people="Families of children with CKD stages 2 to 4, our nurses",
        every=7,
        last_days_ago=5,
        measures=(
            DemoMeasure(
                "Children at their blood-pressure target at clinic",
                "% of children seen",
                "outcome",
                steady("cuffs-target-1", 26, 56, 7),
            ),
            DemoMeasure(
                "Families who texted readings",
                "% of families with a cuff",
                "process",
                steady("cuffs-texted-2", 26, 80, 6),
            ),
        ),
        cycles=(
            DemoCycle(
                2,
                plan="Lend 20 validated cuffs; a nurse teaches each family; readings texted three "
                "days a week.",
                done="All 20 cuffs out within a month.",
                learned="Most families send readings; texting does not suit everyone.",
                decision="adapt",
            ),
            DemoCycle(
                12,
                plan="Offer a paper log the family photographs, beside texting.",
                done="Two families switched to the paper log.",
                learned="Readings keep coming, and eight children had medicines changed sooner, "
                "but the share at target in clinic hasn't moved yet.",
                decision="adapt",
                lasted=100,
            ),
        ),
    ),
}
