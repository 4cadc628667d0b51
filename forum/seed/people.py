"""The demo community: families, patients, clinicians, researchers and others.

Every account signs in with :data:`DEMO_PASSWORD`. All start at trust level 1
or above, as members who have been around for months would, so the new-user
limits that moderation puts on brand-new accounts don't apply to them.
"""

from forum.seed.spec import DemoUser

# Documented in the README and printed by `flask seed demo`.
DEMO_PASSWORD = "middle-ground-demo-2026"
# The demo staff's authenticator-app secrets (staff must have a second factor):
# printed by `flask seed demo` and in the README, for any authenticator app.
DEMO_ADMIN_TOTP_SECRET = "KEUHVEQHEEG6KUUURLMTBV2VIJ37EXYT"
DEMO_MODERATOR_TOTP_SECRET = "75LZCHFT5SPCNPMIZSKO53QPGEK3DUBA"

DEMO_USERS: tuple[DemoUser, ...] = (
    # Staff and peer moderators.
    DemoUser(
        "mg_admin",
        "other",
        "Runs the forum for the network; posts rarely.",
        trust_level=4,
        role="admin",
        joined_days_ago=420,
        totp_secret=DEMO_ADMIN_TOTP_SECRET,
    ),
    DemoUser(
        "fontan_family",
        "caregiver",
        "Mother of a 10-year-old with HLHS, after the Fontan; volunteer moderator.",
        trust_level=4,
        role="moderator",
        joined_days_ago=400,
        totp_secret=DEMO_MODERATOR_TOTP_SECRET,
    ),
    DemoUser(
        "t1d_nightshift",
        "caregiver",
        "Father of a 9-year-old with type 1 diabetes on a pump and CGM; steward.",
        trust_level=3,
        joined_days_ago=380,
    ),
    DemoUser(
        "ibd_nurse_ro",
        "clinician",
        "Pediatric IBD nurse at a learning-network clinic; verified clinician.",
        trust_level=2,
        clinician_verified=True,
        joined_days_ago=370,
    ),
    # Families.
    DemoUser(
        "tessa_and_theo",
        "caregiver",
        "Mother of Theo, 11, diagnosed with Crohn's disease at 9.",
        trust_level=2,
        joined_days_ago=360,
    ),
    DemoUser(
        "uc_dad_ohio",
        "caregiver",
        "Father of a 14-year-old daughter with ulcerative colitis.",
        trust_level=2,
        joined_days_ago=340,
    ),
    DemoUser(
        "jia_mama_bear",
        "caregiver",
        "Mother of Lila, 6, with polyarticular JIA on weekly methotrexate.",
        trust_level=2,
        joined_days_ago=350,
    ),
    DemoUser(
        "salty_kisses_cf",
        "caregiver",
        "Mother of an 8-year-old boy with cystic fibrosis.",
        trust_level=2,
        joined_days_ago=355,
    ),
    DemoUser(
        "kidney_kid_dad",
        "caregiver",
        "Father of Owen, 12, on in-center hemodialysis while waiting for a transplant.",
        joined_days_ago=310,
    ),
    DemoUser(
        "dravet_dad",
        "caregiver",
        "Father of a 5-year-old girl with Dravet syndrome.",
        trust_level=2,
        joined_days_ago=345,
    ),
    DemoUser(
        "celiac_lunchbox",
        "caregiver",
        "Mother of 7-year-old twins; one has celiac disease.",
        joined_days_ago=300,
    ),
    DemoUser(
        "micro_preemie_mama",
        "caregiver",
        "Mother of a 26-weeker who came home from the NICU on oxygen.",
        joined_days_ago=335,
    ),
    DemoUser(
        "asthma_abuela",
        "caregiver",
        "Grandmother raising her 8-year-old grandson, who has asthma.",
        joined_days_ago=250,
    ),
    DemoUser(
        "healthy_gut_jen",
        "caregiver",
        "Mother of a 13-year-old with ulcerative colitis; keen on diet approaches.",
        joined_days_ago=300,
    ),
    # Patients.
    DemoUser(
        "gutsy_grace17",
        "patient",
        "17, Crohn's since 13, in her last year of high school.",
        joined_days_ago=300,
    ),
    DemoUser(
        "sickle_strong_jay",
        "patient",
        "19, sickle cell disease (HbSS), second year of college.",
        joined_days_ago=290,
    ),
    DemoUser(
        "lupus_and_latte",
        "patient",
        "24, lupus since 15, lupus nephritis; works outdoors.",
        joined_days_ago=285,
    ),
    DemoUser(
        "cf_adult_nate",
        "patient",
        "28, cystic fibrosis, works full time.",
        joined_days_ago=265,
    ),
    # Clinicians.
    DemoUser(
        "peds_neph_np",
        "clinician",
        "Pediatric nephrology nurse practitioner in a dialysis unit.",
        joined_days_ago=320,
    ),
    DemoUser(
        "dr_okafor_gi",
        "clinician",
        "Pediatric gastroenterologist in a two-doctor community clinic; verified clinician.",
        trust_level=2,
        clinician_verified=True,
        joined_days_ago=320,
    ),
    DemoUser(
        "asthma_rt_marcus",
        "clinician",
        "Respiratory therapist who runs a school asthma program.",
        joined_days_ago=300,
    ),
    # Researchers.
    DemoUser(
        "qi_coach_dana",
        "researcher",
        "Quality-improvement coach for a pediatric learning health network.",
        trust_level=2,
        joined_days_ago=375,
    ),
    DemoUser(
        "lupus_pro_lab",
        "researcher",
        "Studies patient-reported outcomes in childhood-onset lupus.",
        joined_days_ago=290,
    ),
    # Others around the children.
    DemoUser(
        "mr_h_teaches_5th",
        "other",
        "Fifth-grade teacher with students who have diabetes, epilepsy and Crohn's.",
        joined_days_ago=310,
    ),
    DemoUser(
        "camp_counselor_bea",
        "other",
        "Cabin counselor at a summer camp for children with chronic illness.",
        joined_days_ago=310,
    ),
)
