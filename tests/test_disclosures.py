"""The disclosure checker: for each of the nine kinds, its trigger, what satisfies it, and the
look-alikes that must not; evidence and triggers quoted verbatim; regions set aside by boilerplate
stripping still counted. Every text here is short and written for these tests."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from healthmod import disclosures
from healthmod.disclosures import RULES, check_disclosures
from healthmod.document import DISCLOSURE_KINDS, Article
from healthmod.nlp import parse

# A plain paragraph that calls for no disclosure of its own.
NEUTRAL = (
    "The town library opened a new reading room this spring, and it is already busy with families on "
    "weekday afternoons and with students during the exam season."
)
BYLINE = "By Maria Lindqvist"
DATELINE = "Published 3 March 2024"


def run(pipeline, *paragraphs: str) -> tuple[Article, dict]:
    """Moderate an article made of ``paragraphs``; the article and its disclosures."""
    article = Article(id="test", raw="\n\n".join(paragraphs))
    verdict = pipeline.run(article)
    assert verdict["status"] == "ok", verdict
    return article, verdict["disclosures"]


def required(pipeline, *paragraphs: str, kind: str) -> bool:
    return run(pipeline, *paragraphs)[1][kind]["required"]


def present(pipeline, *paragraphs: str, kind: str) -> bool:
    return run(pipeline, *paragraphs)[1][kind]["present"]


def test_neutral_article_requires_only_authorship_and_date(pipeline):
    _, found = run(pipeline, NEUTRAL)
    assert {k for k, d in found.items() if d["required"]} == {"authorship", "date"}
    assert not any(d["present"] for d in found.values())
    assert set(found) == set(DISCLOSURE_KINDS)


# --- medical_advice -----------------------------------------------------------------------------------

ADVICE = "You should take two capsules of magnesium every night to calm your nerves and sleep better."


@pytest.mark.parametrize(
    "text",
    [
        ADVICE,
        "Stop taking your blood pressure tablets once your readings look normal for a week.",
        "Our cream cures eczema in seven days, so you can finally stop scratching.",
        "Take 500 mg with breakfast every morning for at least three months to see the full effect.",
        # an expert's advice to a group of readers, relayed by a story, is the story's advice to them
        '"People with Parkinson\'s should aim for 150 minutes of exercise every week," said Dr. Ames.',
    ],
)
def test_medical_advice_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="medical_advice")


@pytest.mark.parametrize(
    "text",
    [
        # a speaker's view reported in a story; a list heading and a noun that looks like an imperative
        '"Families need to hear plainly that the new ward will not shorten waiting lists," said the hospital director.',
        "See also: the history of the town's cottage hospital and its founding surgeons.",
        "Use of the old hospital chapel as a concert hall was approved by the council in March.",
        # a want, not advice
        "Patients should not have to wait months for a diagnosis of a condition this common.",
        # the publisher's own calls to subscribe
        "Keep up with this story and more by subscribing now.",
        "Try Riverside Weekly for only $1.50 per week.",
    ],
)
def test_medical_advice_not_required_by_reported_speech_or_noun_openings(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, NEUTRAL, kind="medical_advice")


def test_a_question_opening_like_an_imperative_is_no_advice(pipeline):
    question = "Do I need to fumigate the car and wash every coat in the house as well, or is that overkill?"
    assert not required(pipeline, NEUTRAL, question, kind="medical_advice")


def test_medical_advice_not_required_by_a_plain_report(pipeline):
    report = "The hospital said its new ward will open in June and will have twenty beds for older patients."
    assert not required(pipeline, NEUTRAL, report, kind="medical_advice")


@pytest.mark.parametrize(
    "line",
    [
        "This article is not a substitute for professional medical advice, diagnosis or treatment.",
        "This guide is not meant to be a substitute for the advice of a professional who knows your history.",
        "Talk to your doctor before starting any new supplement.",
        "Please consult your pharmacist if you take other medicines.",
        "Always seek the advice of your physician with any questions about a medical condition.",
        "These notes are not meant to replace the relationship between you and a qualified health professional.",
        "Never stop or change a prescribed inhaler without talking to your respiratory nurse first.",
    ],
)
def test_medical_advice_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, ADVICE, line, kind="medical_advice")


@pytest.mark.parametrize("line", RULES["medical_advice"].lookalikes)
def test_medical_advice_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, ADVICE, line, kind="medical_advice")


def test_story_about_a_doctor_is_not_advice_to_see_one(pipeline):
    story = "Some of the mothers had been told by three doctors that it was a coincidence."
    assert not present(pipeline, NEUTRAL, ADVICE, story, kind="medical_advice")


def test_telling_the_reader_what_their_doctor_will_not_is_not_advice_to_see_one(pipeline):
    line = "And I'm here to tell you something your rheumatologist probably won't: it can be healed."
    assert not present(pipeline, NEUTRAL, ADVICE, line, kind="medical_advice")


@pytest.mark.parametrize(
    "line",
    [
        "When to see a doctor",  # a heading over red-flag advice
        "One group got a home blood pressure cuff and a weekly check-in with a clinic pharmacist.",
    ],
)
def test_a_red_flag_heading_or_a_check_in_is_no_consult_line(pipeline, line):
    assert not present(pipeline, NEUTRAL, ADVICE, line, kind="medical_advice")


# --- regulatory_status -------------------------------------------------------------------------------

STEM_CELLS = "Our clinic offers stem cell infusions that repair the damaged pancreas in people with diabetes."


@pytest.mark.parametrize(
    "text",
    [
        STEM_CELLS,
        "Exosome facials are available at our spa and restore a youthful glow after one session.",
        "We offer ivermectin and nattokinase packages that clear long covid in three weeks.",
        "Our soft laser sessions switch off nicotine cravings in a single hour, with no patches needed.",
        "Add a Myers' cocktail to any visit and your cold is gone by the next morning.",
    ],
)
def test_regulatory_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="regulatory_status")


def test_regulatory_required_by_an_investigational_drug_with_trial_results(pipeline):
    status = "Velostamab is an investigational therapy."
    results = "In the trial, patients given velostamab showed 38% less decline than those given a placebo."
    assert required(pipeline, NEUTRAL, status, results, kind="regulatory_status")
    assert not required(pipeline, NEUTRAL, status, kind="regulatory_status")  # named, neither offered nor shown to work


def test_regulatory_required_by_a_test_said_to_be_uncleared_with_its_results(pipeline):
    status = "The test has not been cleared by the FDA, and for now it is available only in research studies."
    results = "In the study, the blood test found 83% of the cancers that colonoscopy found."
    assert required(pipeline, NEUTRAL, status, results, kind="regulatory_status")
    # a field's state is no product's status
    field_state = "There is no approved drug treatment, and the study found that 40% of patients improve by themselves."
    assert not required(pipeline, NEUTRAL, field_state, kind="regulatory_status")


def test_regulatory_required_by_an_off_label_use_and_not_by_a_stated_clearance(pipeline):
    off_label = "Prescribing minoxidil tablets for hair loss is an off-label use."
    results = "A small study found that patients given the tablets grew more hair than those given a placebo."
    assert required(pipeline, NEUTRAL, off_label, results, kind="regulatory_status")
    cleared = (
        "Verdalyn Labs today announced that its low-level laser cap has received 510(k) clearance from the FDA "
        "for the treatment of hereditary hair loss."
    )
    assert not required(pipeline, NEUTRAL, cleared, kind="regulatory_status")


def test_regulatory_not_required_where_the_seller_says_it_does_not_offer_it(pipeline):
    page = [
        "Book your first physiotherapy session online today for $60 and get a free posture check with it.",
        "We do not offer shockwave or laser therapy at any of our three clinics in the county.",
    ]
    assert not required(pipeline, NEUTRAL, *page, NEUTRAL, kind="regulatory_status")


def test_cord_blood_transplant_is_not_an_unapproved_therapy(pipeline):
    text = "Cord blood transplant is an established treatment for some children with leukaemia."
    assert not required(pipeline, NEUTRAL, text, kind="regulatory_status")


@pytest.mark.parametrize(
    "line",
    [
        "These stem cell products are not approved by the FDA for diabetes.",
        "The treatment is experimental and is only available in clinical trials.",
        "It is an investigational therapy and has not been approved by any regulator.",
        # a news story naming the therapy as experimental states its status
        "Doctors at the trial centre gave the experimental drug to 40 volunteers.",
        # ... with the condition it is for between the status and the drug
        "Volunteers took Norland Bio's investigational kidney stone drug for twelve weeks.",
    ],
)
def test_regulatory_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, STEM_CELLS, line, kind="regulatory_status")


@pytest.mark.parametrize("line", RULES["regulatory_status"].lookalikes)
def test_regulatory_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, STEM_CELLS, line, kind="regulatory_status")


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("These medicines are licensed in the UK and recommended by NICE.", True),
        ("The injections are approved to treat overactive bladder that tablets have not helped.", True),
        ("All our therapists are licensed in the state and insured.", False),
        ("The drugs were approved for profit, not for you.", False),
    ],
)
def test_an_approval_stated_for_a_country_or_an_indication_is_a_status(pipeline, line, status):
    assert present(pipeline, NEUTRAL, STEM_CELLS, line, kind="regulatory_status") is status


def test_approval_of_another_product_is_not_a_status(pipeline):
    other = "Last year the FDA approved a different cell therapy for a rare blood disorder."
    assert not present(pipeline, NEUTRAL, STEM_CELLS, other, kind="regulatory_status")


# --- evidence_caveat -----------------------------------------------------------------------------------

STUDY = "A study found that people who drank green tea every day had lower blood pressure."


@pytest.mark.parametrize(
    "text",
    [
        STUDY,
        "Researchers showed that the grape seed extract reversed memory loss in older adults within a year.",
        "Over 80% of our patients are completely pain-free after the second session at the clinic.",
        # a result in other words, a trial's comparison with placebo, a company's own testing
        "The Phase 2 BRIGHTLINE trial of the new tablet met its primary endpoint, the company said on Monday.",
        "People on the new tablet lost twice as much weight as those given a placebo over six months.",
        "In our clinical evaluation, 9 in 10 testers saw smoother skin within a fortnight.",
        "Independent lab testing confirms that the new filter traps 99 percent of pollen in the air of a room.",
        "When scientists gave the enzyme to elderly rats, their stamina was restored within weeks.",
        "In a study of office workers, those who took short walking breaks recovered from back pain faster.",
        "Scientists say the bark tea could change how doctors treat migraine in the years ahead.",
        "There is even a study showing that the bracelet calms children with colic.",
        # outcome figures, in more wordings
        "In our own trial run, 88 per cent of wearers noticed fewer headaches.",
        "Our clinic reports a 97% success rate and a 95% patient satisfaction rate after one course.",
    ],
)
def test_evidence_caveat_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="evidence_caveat")


@pytest.mark.parametrize(
    "text",
    [
        # findings that are no benefit claim: none found, a question still open, a claim reported to refute it
        "The balm has never been shown in a controlled trial to heal burns any faster than plain petroleum jelly.",
        "Two large trials found no lasting benefit of the herbal drops over placebo.",
        "The trial now starting will tell us whether the nasal spray works in children.",
        "A viral post claims that a secret study proves the lamp reverses ageing.",
        # a trial's design, no result: a "booster" dose is no finding
        "Volunteers in the trial received two doses of the vaccine or a saline placebo, then a booster a year later.",
        # how many people have a condition is no result of a treatment
        "Around 30% of people with coeliac disease have never been diagnosed.",
        # a source list names research, it claims nothing
        "Further reading: Northfield Institute for Sleep Research, Regenerating Rest Handbook (2023).",
    ],
)
def test_evidence_caveat_not_required_without_a_benefit_claim(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, kind="evidence_caveat")


def test_references_still_required_by_a_finding_that_is_no_benefit(pipeline):
    # references cover any claim that rests on studies, a negative one too
    text = "Two large trials found no lasting benefit of the herbal drops over placebo."
    assert required(pipeline, NEUTRAL, text, kind="references")


@pytest.mark.parametrize(
    "line",
    [
        "The study was small and short, so larger trials are needed.",
        "The results come from mice and have not yet been tested in humans.",
        "This was an observational study, so it cannot prove cause and effect.",
        "These findings are preliminary.",
        # conflicting or weak results, no randomisation, nobody else checked, the study's own scope
        "Some trials of the lozenges found shorter colds, while others found no difference at all.",
        "The results on sleep were not consistent from one season to the next.",
        "There are trials behind the patch, but they were mostly small and lasted a few weeks.",
        "It is a real but moderate effect, the lead researcher said.",
        "The comparison between clinics was not randomised.",
        "The figures come from the maker and have not been independently verified.",
        "The trial did not include people over 75, and frailer patients may respond differently.",
        "Longer-term follow-up data will be needed before anyone can say whether the gains last.",
        "We want to be clear about the limits of the evidence for the drink.",
        "The tablets did not prevent migraines in people who already took a daily preventer.",
    ],
)
def test_evidence_caveat_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, STUDY, line, kind="evidence_caveat")


@pytest.mark.parametrize("line", RULES["evidence_caveat"].lookalikes)
def test_evidence_caveat_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, STUDY, line, kind="evidence_caveat")


def test_a_boast_of_lab_work_and_trials_is_no_caveat(pipeline):
    line = "Curcumin has been studied in thousands of laboratory experiments and clinical trials."
    assert not present(pipeline, NEUTRAL, STUDY, line, kind="evidence_caveat")
    assert present(
        pipeline,
        NEUTRAL,
        STUDY,
        "The compound has so far been studied in laboratory experiments.",
        kind="evidence_caveat",
    )


def test_results_may_vary_under_a_testimonial_is_no_caveat(pipeline):
    testimonial = '"I lost 20 pounds in a month," says Dana, one of our clients. Individual results may vary.'
    assert not present(pipeline, NEUTRAL, STUDY, testimonial, kind="evidence_caveat")


@pytest.mark.parametrize(
    "text",
    [
        # a client survey, independent or company testing, a published review, a product "clinically tested"
        "In a questionnaire sent to our members, 7 in 10 said their knees ached less after the course.",
        "Our spring poll of buyers found that most slept better within a fortnight of switching pillows.",
        "In third-party testing, the purifier removed 95 percent of mould spores from a sealed room.",
        "A 2022 review of eleven trials found that the exercises eased neck pain in office workers.",
        "Our clinically tested night cream firms the skin around the eyes.",
        "In the maker's own study, the app correctly detected 88% of cases of sleep apnoea.",
    ],
)
def test_evidence_caveat_triggered_by_evidence_in_other_words(pipeline, text):
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="evidence_caveat")


@pytest.mark.parametrize(
    "text",
    [
        # a survey that counts people with a condition; a factory or a cuff tested; a review appointment
        "A national survey found that one adult in five has trouble sleeping most nights.",
        "Every batch is made in a lab-tested facility in the Midlands.",
        "Pick a blood pressure monitor that has been clinically validated for home use.",
        "Your review appointment will be booked six weeks after the operation.",
        "Our clinic runs specialist lab testing that looks for tick-borne infections.",
    ],
)
def test_evidence_caveat_not_triggered_by_surveys_or_tests_without_a_result(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, kind="evidence_caveat")


@pytest.mark.parametrize(
    "line",
    [
        # an effect that fades
        "By the second year the advantage of the diet had all but vanished.",
        "The improvement in mood faded once people stopped using the lamp.",
        # the certainty of the evidence; what the figures cannot tell
        "The panel judged the evidence to be of low certainty.",
        "Six months of data can't tell us whether the pills still work after five years.",
        "It is too soon to call the spray a cure.",
        # bias, drop-outs, people who never replied
        "Leaving out the sickest volunteers may have inflated the benefit.",
        "A quarter of the patients dropped out before the final visit.",
        "Half of those asked never returned the form.",
        # placebo responses, an observational design, too little data, interim figures
        "Headache trials are known for strong placebo responses.",
        "The drops did no better than saline in the larger trial.",
        "The study was observational, so chance and other habits cannot be ruled out.",
        "The analysis did not have enough data to look at children separately.",
        "These are interim figures and will change as more reports come in.",
        # calls for larger studies, a study's scope, figures not reliable, weaker evidence
        "The authors would like to see bigger, independent trials before doctors change practice.",
        "The trial recruited only men under 60, so the results should not be assumed to apply to women.",
        "The company admits its follow-up figures are not yet reliable.",
        "The evidence for the light therapy is weaker than for the tablets.",
        "Findings varied widely between the three hospitals.",
        "Most of the trials only lasted eight weeks.",
        # a test's misses
        "The scan missed most of the small tumours, and one result in twelve was a false positive.",
    ],
)
def test_evidence_caveat_satisfied_in_more_wordings(pipeline, line):
    assert present(pipeline, NEUTRAL, STUDY, line, kind="evidence_caveat")


@pytest.mark.parametrize(
    "line",
    [
        # business forecasts, fear about weight, a writer's disclaimer, a child's behaviour, prevalence by country
        "Actual results may differ materially from those expressed in these forward-looking statements.",
        "Once you stop the jabs, the weight comes back twice as fast.",
        "Usual caveat: I'm a parent, not a nurse.",
        "The toddler did not respond when his name was called.",
        "Estimates vary by region, from 3 percent in the north to 9 percent in the south.",
        "Her blood tests came back normal every time.",
        # praise, not a limit
        '"These results are nothing short of transformative," said the chief executive.',
    ],
)
def test_evidence_caveat_wider_lookalikes(pipeline, line):
    assert not present(pipeline, NEUTRAL, STUDY, line, kind="evidence_caveat")


# --- sponsorship ---------------------------------------------------------------------------------------

PITCH = "Order GlowMax Serum today for $39.99 and use code GLOW20 for 20% off your first bottle."


@pytest.mark.parametrize(
    "text",
    [
        PITCH,
        "Book your free consultation at Harbour Skin Clinic: call 0161 555 0193.",
        "Our Balance Blend tea is hand-mixed in our clinic and cools hot flushes the natural way.",
    ],
)
def test_sponsorship_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="sponsorship")


def test_a_free_public_service_is_not_a_commercial_offer(pipeline):
    text = (
        "You can ask your GP for a test, or order a free home testing kit through the national hepatitis C programme."
    )
    assert not required(pipeline, NEUTRAL, text, kind="sponsorship")
    assert required(pipeline, NEUTRAL, "Order a home testing kit today at checkwell.com for $49.", kind="sponsorship")


@pytest.mark.parametrize(
    "line",
    [
        "Eastvale Health Partners, Eastvale EV4 2RT. Leaflet code RESP-017, version 4.",
        "A few injectable medicines can rebuild bone, but they are expensive and can be used only for a limited time.",
    ],
)
def test_a_leaflet_code_or_a_limited_course_is_no_offer(pipeline, line):
    assert not required(pipeline, NEUTRAL, line, kind="sponsorship")


def test_an_ad_slot_between_paragraphs_does_not_label_the_article(pipeline):
    second = "Readers in the north of the town can use the branch library, which opens late on Thursdays."
    assert not present(pipeline, NEUTRAL, "Advertisement", second, kind="sponsorship")
    assert present(pipeline, "Advertisement", NEUTRAL, second, kind="sponsorship")


def test_a_reported_price_is_not_a_pitch(pipeline):
    news = "Infusions typically cost $400 to $800 each and are rarely covered by insurance, the report said."
    assert not required(pipeline, NEUTRAL, news, kind="sponsorship")


@pytest.mark.parametrize(
    "line",
    [
        # the publisher's own newsletter and subscription offers left in a story's text
        "Newsletter sign-up: get the week's health headlines every Friday.",
        "Sign up for the Morning Pulse digest. You may unsubscribe at any time.",
        "Try Riverside Weekly for only $1.50 per week.",
        # costs reported, forecast or compared in a news story
        "Analysts expect the new gene therapy to cost about $900,000 per patient.",
        "The tablets will cost $12 a day, against $2 for the older drug.",
        "Medicare pays $95 for the scan in most states.",
        "A year of dialysis can cost over $60,000, according to the kidney charity.",
        # a paper, not a product
        "The full results are available online in the journal Thorax.",
        'Click here to read "Sleep Timing and Blood Pressure in Shift Workers: A Cohort Study".',
        # the newsroom's mailbox, and a press release pointing to itself
        "Questions about this story? Contact us at letters@riversidegazette.example.",
        "This press release and its photos are available on our website at www.northgate.example/newsroom.",
    ],
)
def test_news_furniture_and_reported_costs_are_not_a_pitch(pipeline, line):
    assert not required(pipeline, NEUTRAL, line, kind="sponsorship")


@pytest.mark.parametrize(
    "line",
    [
        "Our starter kit is just $29 instead of $59 this week.",
        "Order the 12-week reset programme today and your first month is free.",
        "The capsules will cost you $19 a bottle when you order two.",
        "Subscribers to our newsletter can book a free consultation today.",
        "Click here to read more and order your first box of Calmora today.",
    ],
)
def test_sellers_words_still_sell_beside_the_news_lookalikes(pipeline, line):
    assert required(pipeline, NEUTRAL, line, kind="sponsorship")


PROMOTION = (
    "This miracle treatment reverses ageing in days! Thousands of patients have been amazed by the breathtaking "
    "results. It is completely safe and totally natural."
)


def test_what_it_costs_is_a_pitch_on_a_page_that_reads_as_promotion(pipeline):
    # "costs $N" alone is as often a story's figure as a seller's price: on a promotional page it is the seller's
    price = "The five-day renewal protocol costs $9,800, with all meals included."
    assert not required(pipeline, NEUTRAL, PROMOTION, kind="sponsorship")
    assert required(pipeline, NEUTRAL, PROMOTION, price, kind="sponsorship")


@pytest.mark.parametrize(
    "line",
    [
        "Sponsored content: paid for by GlowMax Labs.",
        "This post contains affiliate links, and I earn a commission if you buy through them.",
        "ADVERTISEMENT",
        "Paid press release. This content is provided by the advertiser.",
    ],
)
def test_sponsorship_satisfied(pipeline, line):
    assert present(pipeline, line, NEUTRAL, PITCH, kind="sponsorship")


@pytest.mark.parametrize("line", RULES["sponsorship"].lookalikes)
def test_sponsorship_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, PITCH, line, kind="sponsorship")


# --- conflict_of_interest ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a reader's tip about someone else's shop: promoted (sponsorship) but no stake of the writer's in view
        "I get mine from Fernhill Apothecary, their 500 mg capsules are the best and code FERN15 takes 15% off.",
        "If you are stuck, he does video consults for $300 a visit and his clinic ships the drops worldwide.",
        # a story describing a clinic's offer: the publisher has no stake in view
        "The clinic offers free phone consultations; appointments can be booked through its website or by calling "
        "602-555-0117.",
    ],
)
def test_conflict_not_required_by_a_tip_about_someone_elses_shop(pipeline, text):
    _, found = run(pipeline, NEUTRAL, text, NEUTRAL)
    assert found["sponsorship"]["required"] and not found["conflict_of_interest"]["required"]


@pytest.mark.parametrize(
    "text",
    [
        PITCH,
        "My 30-day reset e-book has the full plan, with every recipe and a shopping list for each week.",
        "The trial was funded by Calloway Therapeutics, which makes the drug.",
        "The trial was funded by Calvaris Bio.",
        "Three of the study's authors are employees of the company.",
        "The study was funded in part by Corvalen, which employs two of the paper's 14 authors.",
        "The researchers have filed a patent application covering the use of the strain.",
        "Dr. Amadi and two co-authors are named inventors on patent applications covering the test.",
        "Veridane Bio today reported positive topline results from its phase 2b trial of VRD-417.",
        "The study was funded by the test's manufacturer.",
        "Dr. Amadi and the hospital hold equity in Ovelle Diagnostics.",
    ],
)
def test_conflict_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="conflict_of_interest")


@pytest.mark.parametrize(
    "line",
    [
        "Disclosure: the author owns shares in GlowMax Labs.",
        "The study was funded by the company that makes the serum.",
        "The authors declare no competing interests.",
    ],
)
def test_conflict_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


@pytest.mark.parametrize("line", RULES["conflict_of_interest"].lookalikes)
def test_conflict_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


def test_selling_your_own_product_discloses_nothing(pipeline):
    assert not present(pipeline, NEUTRAL, PITCH, "We make every bottle ourselves.", kind="conflict_of_interest")


# --- references ----------------------------------------------------------------------------------------

CLAIM = "About 40% of adults over 50 have low vitamin D levels, and one in five has a deficiency [1]."


@pytest.mark.parametrize(
    "text",
    [
        CLAIM,
        "Studies show that the Mediterranean diet lowers cholesterol and protects the heart as people get older.",
        "Most people who try the diet stay on it for at least a year, as the chart shows [2].",
    ],
)
def test_references_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="references")


@pytest.mark.parametrize(
    "line",
    [
        "The figures were published in The Lancet in 2021.",
        "Full details are at https://example.org/vitamin-d-report.",
        "The screening ages follow NICE guideline NG12.",
    ],
)
def test_references_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, CLAIM, line, kind="references")


@pytest.mark.parametrize("line", RULES["references"].lookalikes)
def test_references_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, CLAIM, line, kind="references")


@pytest.mark.parametrize(
    "line",
    [
        "According to the Centers for Disease Control and Prevention, cases rose last year.",
        "The study was led by researchers at the University of Westmarch.",
        "The results were presented on Sunday at the annual meeting of the Thoracic Oncology Society.",
    ],
)
def test_an_attribution_or_a_conference_talk_is_no_reference(pipeline, line):
    assert not present(pipeline, NEUTRAL, CLAIM, line, kind="references")


def test_citation_markers_alone_are_not_references(pipeline):
    markers = "Vitamin D supports bones [1], muscles [2], mood [3] and immunity [4]."
    assert not present(pipeline, NEUTRAL, CLAIM, markers, kind="references")


@pytest.mark.parametrize(
    "line",
    [
        'The findings were published in the 12 May issue of Clinical Cancer Research under the title "A serum panel".',
        # a link inside a sentence of the body (spaCy keeps it as one token)
        "Another reader pointed me to https://www.example.org/conditions/warts-and-verrucas/ and I found it explains "
        "every option in plain words.",
    ],
)
def test_a_journal_issue_and_a_link_in_a_post_are_references(pipeline, line):
    assert present(pipeline, NEUTRAL, CLAIM, line, kind="references")


def test_a_link_to_the_issuers_own_site_is_no_reference(pipeline):
    line = "For more information, visit www.halvorsentherapeutics.com."
    assert not present(pipeline, NEUTRAL, CLAIM, line, kind="references")


# --- authorship ----------------------------------------------------------------------------------------


def test_authorship_always_required(pipeline):
    assert required(pipeline, NEUTRAL, kind="authorship")


@pytest.mark.parametrize(
    "line",
    [
        BYLINE,
        "Written by Dr. Ann Okafor, GP",
        "Reporting by Tomas Reyes; editing by Priya Nandakumar",
        "LONDON (Reuters) - Hospitals reported fewer flu cases this week than last.",
        "Media contact: Karen Ulloa, University News Office",
        "glucosegal_58 · 3 February 2024, 9:12 pm",
    ],
)
def test_authorship_satisfied(pipeline, line):
    assert present(pipeline, line, NEUTRAL, kind="authorship")


@pytest.mark.parametrize("line", RULES["authorship"].lookalikes)
def test_authorship_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="authorship")


def test_a_sentence_starting_with_by_is_no_byline(pipeline):
    assert not present(pipeline, NEUTRAL, "By 50, most people have lost some bone.", kind="authorship")


@pytest.mark.parametrize(
    "opening",
    [
        "(HealthWatch News) -- A single strain of gut bacterium protected mice fed a high-fat diet from much of the "
        "weight gain and blood sugar problems that usually follow, researchers report, adding to interest in whether "
        "particular microbes could one day be used to treat metabolic disease.",
        "CHICAGO, June 2 (Meridian Wire) - An experimental once-daily pill shrank tumours in just over half of "
        "patients with a rare form of lung cancer, according to early trial results released on Sunday.",
        "AUSTIN, Texas, Jan. 14, 2025 /Apex Health Wire/ -- Brightwell Naturals, a family-owned maker of children's "
        "wellness products, today announced the launch of a berry-flavoured chewable tablet for school days.",
    ],
)
def test_agency_credit_opening_a_long_first_sentence_is_authorship(pipeline, opening):
    assert present(pipeline, opening, NEUTRAL, kind="authorship")


@pytest.mark.parametrize("line", ["-- Caspar Lindqvist, Millbrook Tri-County Ledger", "SOURCE Brightfield Imaging"])
def test_a_reporters_sign_off_and_a_wires_source_credit_are_authorship(pipeline, line):
    assert present(pipeline, NEUTRAL, line, kind="authorship")


def test_a_wires_source_credit_is_no_reference_list(pipeline):
    assert not present(pipeline, NEUTRAL, CLAIM, "SOURCE Brightfield Imaging", kind="references")
    assert present(pipeline, NEUTRAL, CLAIM, "Sources: Brightfield Imaging annual report 2024", kind="references")


def test_a_signed_testimonial_with_a_capitalised_tag_is_no_byline(pipeline):
    assert not present(pipeline, NEUTRAL, "— Sarah K., Verified Buyer", kind="authorship")


def test_a_press_office_source_line_is_authorship_and_a_customer_contact_is_not(pipeline):
    source = "Source: University of Westmarch Office of Communications and Media Relations"
    assert present(pipeline, NEUTRAL, source, kind="authorship")
    contact = "Contact: RegenaVita Patient Coordinators, +52 998 555 0182, info@regenavita.example"
    assert not present(pipeline, NEUTRAL, contact, kind="authorship")


def test_a_parenthesis_in_a_sentence_is_no_agency_credit(pipeline):
    sentence = "The new drug (Zolvex) - a daily pill - is taken with food."
    assert not present(pipeline, sentence, NEUTRAL, kind="authorship")


# --- date ----------------------------------------------------------------------------------------------


def test_date_always_required(pipeline):
    assert required(pipeline, NEUTRAL, kind="date")


@pytest.mark.parametrize(
    "line",
    [
        DATELINE,
        "Updated: June 3, 2024",
        "By Maria Lindqvist | 6 March 2024",
        "CHICAGO, June 23, 2024 (Health Wire) — A new clinic opened downtown this week.",
        # a wire dateline gives the day without the year, and opens a long first sentence
        "TORONTO, May 14 (Meridian Wire) - Adults who ate most of their food before mid-afternoon were less likely "
        "to develop diabetes over a decade than those who ate late, a study of more than 41,000 people found.",
    ],
)
def test_date_satisfied(pipeline, line):
    assert present(pipeline, line, NEUTRAL, kind="date")


@pytest.mark.parametrize("line", RULES["date"].lookalikes)
def test_date_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="date")


# --- supplement ----------------------------------------------------------------------------------------

SUPPLEMENT = (
    "Our turmeric capsules support healthy joints and reduce inflammation naturally, without the side effects of drugs."
)


@pytest.mark.parametrize(
    "text", [SUPPLEMENT, "Elderberry gummies boost your immune system all winter long, so the whole family stays well."]
)
def test_supplement_trigger(pipeline, text):
    assert required(pipeline, NEUTRAL, text, kind="supplement")


def test_supplement_trigger_on_a_page_that_sells_it_under_its_brand(pipeline):
    # the claim is made for the brand name, away from the words that say it is a supplement
    page = [
        "Meadowcalm Night is our bedtime blend of valerian root and lemon balm in 60 vegan capsules for $29.95.",
        "Thousands of customers already rely on it every single evening before they go to bed.",
        "Meadowcalm calms a racing mind so that you drift off to sleep within minutes.",
        "Order today and we will add a second bottle to your first order free of charge.",
    ]
    assert required(pipeline, NEUTRAL, *page, NEUTRAL, kind="supplement")


@pytest.mark.parametrize(
    "pair",
    [
        # the next sentence refers back to the product, or names it again
        ("Our new formula contains ashwagandha root extract.", "It calms the nervous system within days."),
        ("Vitarel blends turmeric with black pepper.", "Vitarel soothes stiff joints after a long day at work."),
    ],
)
def test_supplement_claim_in_the_next_sentence_about_the_same_product(pipeline, pair):
    assert required(pipeline, NEUTRAL, " ".join(pair), NEUTRAL, kind="supplement")


@pytest.mark.parametrize(
    "pair",
    [
        # a supplement named next to a claim about something else
        ("Many people take vitamin D in the winter months.", "Regular walks help lower blood pressure as well."),
        ("Several herbal teas sold online claim to flush out the kidneys.", "Water does the same job for free."),
    ],
)
def test_supplement_not_required_by_a_claim_about_something_else(pipeline, pair):
    assert not required(pipeline, NEUTRAL, " ".join(pair), NEUTRAL, kind="supplement")


@pytest.mark.parametrize(
    "pair",
    [
        # "supplement" as a verb, and as a grant
        ("Lab-grown tissue models may supplement animal testing in the next decade.", "They help cut costs."),
        ("The trial was supported by a grant supplement from the national research council.", NEUTRAL),
        # capsules that are a device
        ("Patients swallowed balloon capsules that helped them feel full sooner.", NEUTRAL),
        # vitamins given by drip or injection: a clinic's procedure
        ("The lounge offers vitamin drips to boost energy before a long flight.", NEUTRAL),
        ("Monthly vitamin B12 injections help people whose gut cannot absorb it from food.", NEUTRAL),
        # the body's own collagen, and a shampoo's active ingredient
        ("The heat prompts the skin to make new collagen, which helps it look firmer.", NEUTRAL),
        ("Shampoos with zinc pyrithione help control flaking within a few weeks.", NEUTRAL),
        # the next sentence is about the researchers, not the supplement
        (
            "Volunteers listed the foods, drinks and supplements they had taken over the past year.",
            "They found that those eating more beans had a lower risk of gout.",
        ),
    ],
)
def test_supplement_not_required_by_the_word_in_another_sense(pipeline, pair):
    assert not required(pipeline, NEUTRAL, " ".join(pair), NEUTRAL, kind="supplement")


@pytest.mark.parametrize(
    "text",
    [
        # the same words as a product taken by mouth, with a claim: still a supplement
        "Our marine collagen powder helps smooth fine lines in four weeks.",
        "Take one of our zinc and vitamin C lozenges to help shorten a cold.",
    ],
)
def test_supplement_still_required_for_the_product_taken_by_mouth(pipeline, text):
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="supplement")


def test_supplement_not_required_when_it_is_said_not_to_work(pipeline):
    text = "No supplement has been shown in good trials to prevent dementia."
    assert not required(pipeline, NEUTRAL, text, kind="supplement")


def test_supplement_not_required_by_a_negative_finding(pipeline):
    text = (
        "Large randomised trials have found that saw palmetto works no better than a dummy pill for urinary symptoms."
    )
    assert not required(pipeline, NEUTRAL, text, kind="supplement")


def test_supplement_not_required_by_a_claim_others_swear_to(pipeline):
    text = "Online you will find people swearing that a spoonful of apple cider vinegar cures reflux in days."
    assert not required(pipeline, NEUTRAL, text, kind="supplement")


@pytest.mark.parametrize(
    "line",
    [
        "*The FDA has not evaluated these statements. Our gummies are not intended to diagnose, treat, cure "
        "or prevent any disease.",
        "We do not claim that our capsules cure, prevent or treat any disease.",
    ],
)
def test_supplement_satisfied(pipeline, line):
    assert present(pipeline, NEUTRAL, SUPPLEMENT, line, kind="supplement")


@pytest.mark.parametrize("line", RULES["supplement"].lookalikes)
def test_supplement_lookalikes_do_not_satisfy(pipeline, line):
    assert not present(pipeline, NEUTRAL, SUPPLEMENT, line, kind="supplement")


# --- evidence, triggers and regions --------------------------------------------------------------------


def test_evidence_and_triggers_are_verbatim_spans(pipeline):
    article, found = run(
        pipeline,
        BYLINE,
        DATELINE,
        NEUTRAL,
        ADVICE,
        STEM_CELLS,
        STUDY,
        PITCH,
        CLAIM,
        SUPPLEMENT,
        "Talk to your doctor before starting any supplement. The study was small, so larger trials are needed.",
        "Sponsored content. The treatment is experimental and is only available in clinical trials.",
        "The figures were published in The Lancet in 2021. The authors declare no competing interests.",
        "These statements have not been evaluated by the FDA.",
    )
    for kind, d in found.items():
        assert d["present"], kind
        assert d["evidence"] in article.raw, kind
        if d["trigger"] is not None:
            assert d["trigger"] in article.raw, kind
            assert d["trigger"] in article.text, kind  # triggers come from the body
    assert {k for k, d in found.items() if d["required"]} == set(DISCLOSURE_KINDS)


def test_disclaimer_region_satisfies_medical_advice(pipeline):
    disclaimer = (
        "Disclaimer: This article is for general information and is not a substitute for professional medical advice."
    )
    article, found = run(pipeline, NEUTRAL, ADVICE, disclaimer)
    assert [r.kind for r in article.regions] == ["disclaimer"]
    assert disclaimer not in article.text
    assert found["medical_advice"]["present"]
    assert found["medical_advice"]["evidence"] == disclaimer


def test_copyright_disclaimer_region_does_not_satisfy_medical_advice(pipeline):
    disclaimer = "Disclaimer: This content comes from the Internet; its copyright belongs to the first author."
    article, found = run(pipeline, NEUTRAL, ADVICE, disclaimer)
    assert [r.kind for r in article.regions] == ["disclaimer"]
    assert found["medical_advice"]["required"] and not found["medical_advice"]["present"]


def test_reference_list_region_satisfies_references(pipeline):
    article, found = run(
        pipeline,
        NEUTRAL,
        CLAIM,
        "References",
        "1. Holick MF, et al. Evaluation and treatment of vitamin D deficiency. J Clin Endocrinol Metab. 2011.",
    )
    assert "references" in [r.kind for r in article.regions]
    assert found["references"]["present"]
    assert found["references"]["evidence"] in article.raw


@pytest.mark.parametrize(
    "line", ["[1] [2] According to international studies.", "Information collected from scientific conferences."]
)
def test_a_reference_line_naming_nothing_does_not_satisfy_references(pipeline, line):
    _, found = run(pipeline, NEUTRAL, CLAIM, line)
    assert found["references"]["required"] and not found["references"]["present"]


@pytest.mark.parametrize(("marker", "read"), [("Further reading", True), ("Related articles", False)])
def test_a_reading_list_cut_after_an_end_marker_is_read(pipeline, marker, read):
    # boilerplate stripping drops what follows an end marker; after "Further reading" that is a list of sources
    article, found = run(
        pipeline,
        NEUTRAL,
        CLAIM,
        "Most adults in the region now spend more time indoors than they did a decade ago, and winters make it worse.",
        marker,
        "Holick MF, et al. Evaluation of vitamin D deficiency. J Clin Endocrinol Metab. 2011.",
    )
    assert "after_end_marker" in [r.reason for r in article.removed]
    assert found["references"]["present"] is read


def test_byline_region_satisfies_authorship_and_date(pipeline):
    article, found = run(pipeline, "By Maria Lindqvist | 6 March 2024", NEUTRAL)
    assert "By Maria Lindqvist" not in article.text
    assert found["authorship"]["present"] and found["date"]["present"]


def test_policy_never_and_always(pipeline, config):
    from dataclasses import replace

    article, _ = run(pipeline, NEUTRAL, ADVICE)
    policies = dict(config.disclosures)
    policies["medical_advice"] = replace(policies["medical_advice"], required="never")
    policies["supplement"] = replace(policies["supplement"], required="always")
    check_disclosures(article, parse(article.text), replace(config, disclosures=policies))
    assert not article.disclosures["medical_advice"].required
    assert article.disclosures["supplement"].required and article.disclosures["supplement"].trigger is None


# --- paraphrases across genres -------------------------------------------------------------------------
# Each kind's trigger, satisfying disclosure and look-alikes, reworded the way they turn up in news reports,
# press releases, clinic pages, supplement shops, personal blogs, translated content-farm articles, alt-health
# sites, forum posts and reference entries. Written for these tests; none is taken from the corpus.

# A sentence that makes each kind required, for the "satisfied" and "look-alike" cases below.
TRIGGERS = {
    "medical_advice": ADVICE,
    "regulatory_status": STEM_CELLS,
    "evidence_caveat": STUDY,
    "sponsorship": PITCH,
    "conflict_of_interest": PITCH,
    "references": CLAIM,
    "supplement": SUPPLEMENT,
}

PARAPHRASED_TRIGGERS = {
    "medical_advice": [
        "Patients are encouraged to drink at least two litres of water a day while they recover.",
        "It's best to take the tablets on an empty stomach, half an hour before breakfast.",
        "Dab a little tea tree oil on each spot twice a day until it dries out.",
        "Anyone with a weak heart ought to keep their salt below five grams a day.",
        "Give toddlers a spoonful of honey before bed to settle a night-time cough.",
        "Patients with this disease should eat green vegetables regularly and limit salty foods.",
        "The usual adult dose is 1,000 IU every morning with food.",
        "honestly just stop the statins, my numbers were fine on red yeast rice alone",
        "Doctors at the centre urge every woman over 40 to book a yearly breast scan.",
        "Our drops get rid of ringing in the ears for good, so you can finally enjoy silence again.",
    ],
    "regulatory_status": [
        "Our doctors infuse umbilical cord stem cells that help the kidneys repair themselves, with results in weeks.",
        "We now offer nebulised hydrogen peroxide sessions that clear the virus from the lungs in days.",
        "The retreat's chelation drips flush plaque from the arteries and take pressure off a tired heart.",
        "Ask about our exosome therapy package: two infusions that calm even the most stubborn skin flare.",
        "An experimental insulin-free cell treatment is now available to adults with diabetes at our seaside clinic.",
        "This peptide injection regrows cartilage, and our members have used it for years.",
        "Our clinic offers amniotic fluid injections that rebuild worn knee cartilage.",
        "Wharton's jelly shots are now available at our Miami location.",
        "Fenbendazole, a dog dewormer, shrank my tumour, and you can order it online.",
        "Low-dose naltrexone has helped hundreds of our long covid patients recover.",
        "Cord blood infusions helped our son with autism start talking.",
        "Rife frequency therapy kills the parasites behind Lyme disease, book a session today.",
    ],
    "evidence_caveat": [
        "A trial in 120 volunteers showed that the cream halved itching within a fortnight.",
        "Scientists at the university found that the extract lowered cholesterol in hamsters fed a fatty diet.",
        "New research suggests a daily handful of walnuts protects the heart.",
        "In a survey of our customers, 9 out of 10 said their joints felt looser within a month.",
        "Clinical data show that the spray cut the length of a cold by two days.",
        "A 2023 analysis reported that people who took the capsules had fewer migraines.",
        "Participants who wore the band slept 40 minutes longer on average, the company's study found.",
    ],
    "sponsorship": [
        "Tap the link in my bio and use code SPRING10 to get ten percent off the starter kit.",
        "Call our friendly team on 0203 555 0148 to reserve your place at the next detox weekend.",
        "The full 12-week course costs just $199, and places are limited.",
        "Get your first box of Vitalis gummies free when you subscribe today.",
        "Visit our shop on the high street or order online for next-day delivery.",
        "Our starter pack costs just £25 and ships free to any address.",
    ],
    "conflict_of_interest": [
        "We created the Glow Protocol after years of treating patients in our own clinic.",
        "I developed these recipes for my members, and my meal plans are on sale in the shop.",
        "The study was paid for by Nordvik Pharma, which markets the inhaler.",
        "Heliora Therapeutics today announced positive results for its lead cream in adults with eczema.",
        "If you sign up with my referral link, I get a small bonus at no extra cost to you.",
    ],
    "references": [
        "Nearly half of adults over 65 take five or more medicines a day.",
        "Around 2.3 million people in the country live with the condition.",
        "According to a recent survey, one in three parents skips their own check-ups.",
        "Research shows that people who walk daily live longer [3].",
        "Rates have doubled since 1990, with 18 percent of teenagers now affected.",
    ],
    "supplement": [
        "Our milk thistle capsules detox the liver and keep it working at its best.",
        "A daily scoop of our greens powder strengthens the immune system and clears the skin.",
        "Ashwagandha melts away stress and balances your hormones naturally.",
        "These fish oil softgels keep your heart and arteries healthy as you age.",
        "Take our vitamin D drops every morning to protect your bones through the winter.",
    ],
}

NOT_TRIGGERS = {
    "medical_advice": [
        # a question, a headline about what to know, quoted marketing, a quotation continued from a speaker
        "Is a glass of red wine a day really good for your heart?",
        "Measles: what parents need to know about the new outbreak",
        'Adverts for the foot pads promise to "pull toxins out of your body overnight".',
        '"We were surprised by how quickly the wards filled. People need to hear that the clinic is open."',
        "The council said the new car park will open next to the health centre in the spring.",
    ],
    "regulatory_status": [
        "Bone marrow transplants have been used for decades to treat some leukaemias.",
        "We do not offer stem cell injections at any of our clinics.",
        "The town's blood bank is asking for more donors ahead of the holidays.",
        "Cord blood transplants are an established treatment for some leukaemias.",
    ],
    "evidence_caveat": [
        "The trial will test whether the tablet slows kidney decline; results are due in 2027.",
        "No study has found that the bracelet does anything for joint pain.",
        "About one in ten adults has the condition, many without knowing it.",
        "A company advert claims that a Harvard study proves its tea burns fat.",
    ],
    "sponsorship": [
        "Private clinics usually charge between $300 and $500 for the scan, the report found.",
        "Media enquiries: press office, 0161 555 0100.",
        "The charity's helpline is staffed by volunteers and is free to call.",
        # pounds of weight, a sum reported, a university press contact, a stake denied
        "On the plan, you could lose 20 pounds in three months without feeling hungry.",
        "Clinics routinely add thousands of pounds to the cost of a cycle with extras.",
        "Contact: Mark Lee, 555-014-2211, mlee@riverton.edu",
        "ClearLabel does not sell supplements and takes no affiliate commissions.",
    ],
    "conflict_of_interest": [
        "I get my capsules from a small shop in town; their owner is lovely and the price is fair.",
        "My neighbour swears by her local acupuncturist, who charges $60 a session.",
        # a condition, a home recipe, a doctor's workplace, a patient's own GP, someone quoted in a story
        "In my first year on the ward I developed a nasty skin rash.",
        "I make my own elderberry syrup every autumn from the bushes in the lane.",
        "In my clinic, patients often ask whether fish oil is worth taking.",
        "I'll ask my GP about a plan for the winter months.",
        '"Our members sleep better within a week," said Dana Reyes, who founded the app.',
    ],
    "references": [
        "The town library opened a new room for quiet reading.",
    ],
    "supplement": [
        "No vitamin has been shown to prevent colds in healthy adults.",
        'Sellers of detox teas promise to "flush out toxins", but the kidneys already do that.',
        "Do fish oil capsules really protect the heart?",
        "The supermarket sells vitamins, snacks and cleaning products on the ground floor.",
    ],
}

PARAPHRASED_SATISFYING = {
    "medical_advice": [
        "Always check with a qualified health professional before you change your diet.",
        "Nothing on this site should be taken as a replacement for the judgement of your own doctor.",
        "Please see your GP if the symptoms last for more than a week.",
        "This page does not replace a consultation with a doctor.",
        "Seek medical advice before starting any new remedy.",
        "Speak with your midwife or pharmacist before taking any herbal product.",
        "Get personal advice from a registered dietitian before making big changes.",
        "Use the remedy only as directed by a physician.",
        "The information here is general and cannot take the place of an examination by a doctor.",
    ],
    "regulatory_status": [
        "Stem cell treatments for kidney disease have not been approved by the FDA and remain experimental.",
        "The procedure is not licensed in the UK and is available only through research studies.",
        "No regulator has approved this therapy outside of clinical trials.",
        "Health authorities have not authorised the therapy for this use.",
        "This use of the drug is off label.",
        "The treatment is still being studied and is not yet approved for sale.",
    ],
    "evidence_caveat": [
        "The work was done in hamsters, and it is not known whether the same happens in people.",
        "With only 40 volunteers, the trial was too small to be sure.",
        "The study could show a link but not that the walnuts themselves were responsible.",
        "These are early results that still need to be confirmed in a bigger trial.",
        "The evidence so far is limited and of low quality.",
        "Other studies have not found the same benefit.",
        "The survey relied on what customers told us, not on measurements.",
        # one study alone, no blinding, nobody checked, a first step, confounding, no comparison, weak evidence
        "The work was done on cells in a lab dish, so it says little about people yet.",
        "It is only one study, and a single study rarely settles anything.",
        "The volunteers knew which treatment they were getting, which can colour the results.",
        "The trial lasted only eight weeks, so nobody knows about long-term effects.",
        "These results have not yet been reviewed by other scientists.",
        "The company paid for the study, so independent confirmation is needed.",
        "Experts cautioned that the findings are only a first step.",
        "Whether the benefit lasts beyond a year is still unknown.",
        "Correlation is not causation.",
        "People who eat more nuts may simply have healthier habits overall, which could explain the difference.",
        "The study did not have a comparison group.",
        "However, this is only an initial research result and needs further verification.",
        "tbh the evidence is pretty thin",
        "Reviews rate the overall quality of the evidence as low.",
        "The study was not blinded, so expectations may have played a part.",
    ],
    "sponsorship": [
        "Paid partnership with Vitalis.",
        "This article was produced in partnership with Nordvik Pharma.",
        "Sponsored post",
        "Some links on this page are affiliate links.",
        "Advertising feature",
    ],
    "conflict_of_interest": [
        "Full disclosure: I own the company that makes these capsules.",
        "The clinic's founder holds a patent on the device described here.",
        "The trial was financed by the manufacturer.",
        "Dr Ames has received speaker fees from Nordvik Pharma.",
        "Competing interests: none declared.",
    ],
    "references": [
        "Source: Office for National Statistics, 2023.",
        "The analysis by Moreno et al. reached the same conclusion.",
        "Smith J, Patel R. Walking and longevity. Journal of Ageing Research. 2021;12:44-51.",
        "The findings appear in the journal Heart.",
    ],
    "supplement": [
        "These statements have not been evaluated by the Food & Drug Administration.",
        "This product is not intended to diagnose, treat, cure or prevent any disease.",
        "We make no claim that our products cure, treat or prevent any illness.",
    ],
}

PARAPHRASED_LOOKALIKES = {
    "medical_advice": [
        "All content is for reference only and may not be used commercially.",
        "Book a consultation with our specialists today.",
        "Reprinted from the web; contact us for removal in case of infringement.",
        "Ask our pharmacist in store about the right dose for you.",
        "Her doctor told her the rash would fade by itself.",
    ],
    "regulatory_status": [
        "Our lab is ISO-certified and registered with the FDA.",
        "The clinic is fully licensed and insured.",
        "Our protocol is protected by three patents.",
    ],
    "evidence_caveat": [
        "Individual results may vary.",
        "Clinically proven formula.",
        "Backed by decades of research.",
        "More research is being done every day to find new cures.",
        "One study found that the tea lowered blood pressure.",
        "The first step is to book an appointment with your GP.",
        "Most customers feel lighter in only 30 days.",
        "When it is found at an early stage, the cancer is easier to treat.",
    ],
    "sponsorship": [
        "This is not a sponsored post.",
        "Copyright 2024 Vitalis Ltd. All rights reserved.",
        "The trial was sponsored by the national research council.",
    ],
    "conflict_of_interest": [
        "We care deeply about every customer.",
        "Our independent experts only recommend what works.",
    ],
    "references": [
        "Studies prove that it works [1][2][3].",
        "Science has shown this for years.",
    ],
    "supplement": [
        "Made in a GMP-certified facility.",
        "Gluten-free, vegan and 100% natural.",
        "Results may vary from person to person.",
    ],
}

PARAPHRASED_BYLINES = [
    "By Dr. Hannah Osei, consultant cardiologist",
    "Words: Tom Baptiste",
    "Author: Lucia Moreno, RD",
    "Compiled by the editorial team of Family Health Weekly",
    "Posted by greenmama_84 on 12 May 2024",
    "Staff writer",
    "Kenji Watanabe is a health reporter based in Osaka.",
    "Medically reviewed and written by the Westbrook Clinic team",
    "Contributed by the Riverside Kidney Foundation",
    "Answer from Dr. Helen Moss, paediatrician:",
    "Posted in Heart Health by Julia Park",
    "Author bio: Rachel Stein is a registered dietitian in Leeds.",
    "From the desk of Dr. Amir Haddad",
    "Written and medically reviewed by Dr. Ana Silva",
    "kidneywarrior77 wrote:",
    "Guest post by Laura Bento",
    "Translated and compiled by Hoang Minh",
    "Dr. Le Van Thanh, Head of Cardiology, Bach Mai Hospital",
]
PARAPHRASED_CLOSING_CREDITS = [
    "This article was written by our nursing team.",
    "For more information, contact the Kidney Care Trust press team.",
    "Rachel Stein is a registered dietitian and the author of three cookbooks.",
]
PARAPHRASED_AUTHORSHIP_LOOKALIKES = [
    "Posted by admin",
    "Photo: Jane Roe / Stock images",
    '"Best decision I ever made!" - Mark T., happy customer',
]
PARAPHRASED_DATES = [
    "Published on 4 April 2024",
    "Last updated: 12/03/2024",
    "Posted Mar. 7, 2024",
    "Date: 2024-05-19",
    "LYON, 2 February 2024 - A new screening service opens today.",
]
PARAPHRASED_DATE_LOOKALIKES = [
    "Copyright (c) 2024 Vitalis Ltd.",
    "Researchers began the trial in March 2019 and followed patients for five years.",
    "Posted 3 hours ago",
]


@pytest.mark.parametrize(
    ("kind", "text"), [(kind, text) for kind, texts in PARAPHRASED_TRIGGERS.items() for text in texts]
)
def test_paraphrased_triggers(pipeline, kind, text):
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind=kind)


@pytest.mark.parametrize(("kind", "text"), [(kind, text) for kind, texts in NOT_TRIGGERS.items() for text in texts])
def test_paraphrased_non_triggers(pipeline, kind, text):
    assert not required(pipeline, NEUTRAL, text, NEUTRAL, kind=kind)


@pytest.mark.parametrize(
    ("kind", "line"), [(kind, line) for kind, lines in PARAPHRASED_SATISFYING.items() for line in lines]
)
def test_paraphrased_satisfying(pipeline, kind, line):
    assert present(pipeline, NEUTRAL, TRIGGERS[kind], line, kind=kind)


@pytest.mark.parametrize(
    ("kind", "line"), [(kind, line) for kind, lines in PARAPHRASED_LOOKALIKES.items() for line in lines]
)
def test_paraphrased_lookalikes(pipeline, kind, line):
    assert not present(pipeline, NEUTRAL, TRIGGERS[kind], line, kind=kind)


@pytest.mark.parametrize("line", PARAPHRASED_BYLINES)
def test_paraphrased_bylines(pipeline, line):
    assert present(pipeline, line, NEUTRAL, kind="authorship")


@pytest.mark.parametrize("line", PARAPHRASED_CLOSING_CREDITS)
def test_paraphrased_closing_credits(pipeline, line):
    assert present(pipeline, NEUTRAL, line, kind="authorship")


@pytest.mark.parametrize("line", PARAPHRASED_AUTHORSHIP_LOOKALIKES)
def test_paraphrased_authorship_lookalikes(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="authorship")


@pytest.mark.parametrize(
    "line", ["Author: Admin", "Posted by admin", "Medically reviewed by Dr. Paul Greene", "Photo by Jane Roe"]
)
def test_a_byline_region_naming_no_writer_does_not_satisfy_authorship(pipeline, line):
    # set aside as a byline region above the text, it still names no writer
    _, found = run(pipeline, line, NEUTRAL, NEUTRAL)
    assert not found["authorship"]["present"]


@pytest.mark.parametrize(
    "line",
    [
        "Dr. Ann Lee, a cardiologist at City Hospital, said the results were good.",
        "By 2030, most clinics will have one.",
    ],
)
def test_prose_that_names_a_doctor_is_no_byline(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="authorship")


@pytest.mark.parametrize("line", PARAPHRASED_DATES)
def test_paraphrased_dates(pipeline, line):
    assert present(pipeline, line, NEUTRAL, kind="date")


@pytest.mark.parametrize("line", PARAPHRASED_DATE_LOOKALIKES)
def test_paraphrased_date_lookalikes(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="date")


# --- how the patterns are compiled and matched ----------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lines() -> list[str]:
    """Real lines to try patterns on: every line of the corpus articles and of the examples, and each
    lowercased (the case-insensitive patterns run over lowercased units)."""
    found: set[str] = set()
    for path in sorted((REPO / "corpus" / "articles").glob("*.jsonl")):
        for record in path.read_text(encoding="utf-8").splitlines():
            if record.strip():
                found.update(line.strip() for line in json.loads(record)["text"].split("\n") if line.strip())
    for path in sorted((REPO / "examples" / "articles").iterdir()):
        found.update(line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    ordered = sorted(found)
    return ordered + [line.lower() for line in ordered]


def test_regrouped_patterns_match_where_their_written_form_does(lines):
    assert len(disclosures.WRITTEN) > 30
    rewritten = 0
    for regrouped, (written, flags) in disclosures.WRITTEN.items():
        if regrouped == written:
            continue
        rewritten += 1
        fast, plain = re.compile(regrouped, flags), re.compile(written, flags)
        assert [bool(fast.search(t)) for t in lines] == [bool(plain.search(t)) for t in lines], written
    assert rewritten > 30


def _fast_patterns() -> list:
    """Every pattern the module runs the quick way (disclosures._Fast), reached from its names."""
    found: dict[int, object] = {}

    def walk(obj: object, depth: int = 0) -> None:
        if isinstance(obj, disclosures._Fast):
            found[id(obj)] = obj
        if depth < 4:
            for attr in ("patterns", "rx", "exclude"):
                value = getattr(obj, attr, None)
                for item in value if isinstance(value, tuple) else [value]:
                    if item is not None and not isinstance(item, str):
                        walk(item, depth + 1)

    for value in vars(disclosures).values():
        walk(value)
    return list(found.values())


def test_quick_patterns_match_where_the_whole_pattern_does(lines):
    # ^-alternatives tried once at the start, literal gates: whether a unit matches must not change, also
    # across line breaks and with the characters IGNORECASE folds onto ASCII letters ("ſ", "K").
    fast = _fast_patterns()
    assert len(fast) > 10
    assert any(f.anchored is not None for f in fast) and any(f.exact for f in fast) and any(f.folded for f in fast)
    texts = lines + [a + "\n" + b for a, b in zip(lines[::5], lines[2::5], strict=False)]
    texts += ["Posted \u017fome day bY Ann", "reviewed by the editorial board", "PUBLI\u017fHED BY The Clinic"]
    texts += ["(Reuters) -", "Media contact: press office", "Written by Dr. Ann Lee", "Code SAVE20 at checkout"]
    for pattern in fast:
        assert [bool(pattern.search(t)) for t in texts] == [bool(pattern.rx.search(t)) for t in texts], pattern.pattern


@pytest.mark.parametrize(
    ("written", "regrouped"),
    [
        (r"\b(?:foo|far|bar)\b", r"\b(?:f(?:oo\b|ar\b)|bar\b)"),
        (r"\b(?:(?:very )?small|tiny) study", r"\b(?:very small study|small study|tiny study)"),
        (r"\b[Cc]ode\b|\bcost", r"\b(?:Code\b|c(?:o(?:de\b|st)))"),
        (r"^(?:media|press):|\bpress\b", r"\b(?:press\b)|^(?:media|press):"),
    ],
)
def test_regroup(written, regrouped):
    assert disclosures._regroup(written) == regrouped


@pytest.mark.parametrize("pattern", [r"\b(?:ab|ac)++x", r"(?>ab|ac)", r"\b(a|b)\1", r"(?i)\b(?:ab|ac)"])
def test_order_sensitive_patterns_are_compiled_as_written(pattern):
    assert disclosures._regroup(pattern) == pattern


def test_count_of_people_matches_where_the_written_form_does():
    written = re.compile(
        r"\d(?:\d[\d,.]*|[\d,.]* (?:million|billion)) (?:(?:million|billion) )?(?:patients|participants|adults"
        r"|people|women|men|children|deaths|cases|americans|britons)\b"
    )
    count = disclosures.STATISTIC.patterns[4]
    rng = random.Random(3)
    pieces = ["1", "12", "3.5", ",", ".", "1,200", "0.", "million", "billion", "patients", "people", "men", "menu", "x"]
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    texts += [t.replace(" ", "") for t in texts[:1000]]
    texts += ["12 patients", "1 patients", "1 million adults", ".5 million men"]
    assert [bool(count.search(t)) for t in texts] == [bool(written.search(t)) for t in texts]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("count", "1" * 100_000),
        ("count", "1," * 50_000),
        ("byline", "a\n" * 50_000),
        ("byline", "By Ann " + "Lee " * 25_000),
        ("signed", "By Ann " + "Lee " * 25_000),
    ],
)
def test_patterns_stay_fast_on_long_adversarial_text(name, text):
    # These took from 0.5 s to several minutes before (benchmarks/regex_redos.py); now tens of milliseconds.
    pattern = {
        "count": disclosures.STATISTIC.patterns[4],
        "byline": disclosures.AUTHOR,
        "signed": disclosures.AUTHOR_SIGNED,
    }[name]
    start = time.perf_counter()
    pattern.search(text)
    assert time.perf_counter() - start < 2.0


def test_quick_table_finds_what_a_phrase_matcher_finds(lines):
    """The set-aside lines are matched without a Doc; a PhraseMatcher over a Doc of the same tokens (as
    before) finds the same labels at the same tokens."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from healthmod.nlp import get_nlp

    vocab = get_nlp().vocab

    def doc(text: str) -> Doc:
        return Doc(vocab, words=disclosures.QUICK_TOKEN.findall(text) or [" "])

    keywords, shapes = disclosures._quick_tables()
    for table, attr, phrases in [
        (keywords, "LOWER", {k: disclosures._spellings(v) for k, v in disclosures.KEYWORDS.items()}),
        (shapes, "SHAPE", disclosures.SHAPE_EXAMPLES),
    ]:
        matcher = PhraseMatcher(vocab, attr=attr)
        for label, texts in phrases.items():
            matcher.add(label, [doc(t) for t in texts])
        sample = " ".join(lines[:3000]) + " call 0121 496 0000 or (630) 555-0115 on 28/02/2024 or 2024.01.19"
        tokens = disclosures.QUICK_TOKEN.findall(sample)
        which = disclosures._LOWER if attr == "LOWER" else disclosures._SHAPE
        found = set(table.find(disclosures._attrs(tokens, which)))
        expected = {(vocab.strings[m], start) for m, start, _ in matcher(Doc(vocab, words=tokens))}
        assert found == expected
        assert len(found) > (1000 if attr == "LOWER" else 2)


def test_a_date_line_needs_a_digit(lines):
    # DATED_LINE tries DATE_LINE only on units with a digit: no date form matches without one.
    dated = [line for line in lines if disclosures.DATE_LINE.search(line)]
    assert len(dated) > 100
    assert not any(disclosures.DATE_LINE.search(re.sub(r"\d", "x", line)) for line in dated)
    assert not any(disclosures.DATE_LINE.search(re.sub(r"\d", "", line)) for line in dated)


# --- issue 5, long pages: credits in the places messy pages put them ------------------------------------

LONG_PAGE_CREDITS = [
    # a credit label after a separator, or after a run of spaces in a portal's header line
    "2023-04-02 14:10 | From: Wellness Daily | Author: Li Mei",
    "2023-04-02 14:10   Origin: Wellness Daily   Editor in charge: Chen Bo",
    "2022-09-30 08:00  Responsible editor: Tran Thi Ha  Views: 4,210",
    # a credit in brackets under a wire story, and an agency's credit opening a dateline
    "(Additional reporting by Tomas Lind; editing by Ruth Aldana)",
    "(CityHealth Newswire) - 4 March 2024",
    # a site naming itself and its writer
    "Quiet Gut Diaries | a blog by Marisol Ortega",
    "The Knee Notebook - a rehab newsletter by Pat Okafor",
    # forum threads: who started the thread, who replied
    "Topic started by lowcarb_lou, 3 March 2024",
    "Original question by knitting_nana - 9 Jan 2025",
    "Re: statins and muscle aches - reply from Geoff_R - 10 Jan 2025",
    "reply · ironlungs_22 · 5 May 2024, 6:40 pm",
    # a titled writer and the practice, over the text
    "Dr. Imelda Strauss, ND | Greenfield Integrative Health",
]


@pytest.mark.parametrize("line", LONG_PAGE_CREDITS)
def test_long_page_credits_satisfy_authorship(pipeline, line):
    assert present(pipeline, line, NEUTRAL, NEUTRAL, kind="authorship")


@pytest.mark.parametrize(
    "closing",
    [("Yours in health,", "Marta Quinlan, herbalist"), ("Warmly,", "Dr. Oren Falk"), ("To your health,", "Sam Reyes")],
)
def test_a_signed_letter_names_its_writer(pipeline, closing):
    assert present(pipeline, NEUTRAL, NEUTRAL, "\n".join(closing), kind="authorship")


@pytest.mark.parametrize(
    "text",
    [
        # a closing line with no name under it, a name with no closing line (a testimonial's signature)
        "Warmly,\nand with thanks to everyone who wrote in this month, we will be back in April.",
        "- Petra L., happy customer",
        # a source line with no writer; a sponsorship label heading a dated line
        "2023-04-02 14:10 | Source: Wellness Daily",
        "SPONSORED CONTENT | Wellness Daily | Published 3 March 2024",
        # a post whose poster is a guest, a bracket that is no agency, a reviewer alone
        "Topic started by guest, 3 March 2024",
        "(see table below) - 4 March 2024",
        "Medically reviewed by Dr. Lena Park",
    ],
)
def test_long_page_credit_lookalikes(pipeline, text):
    assert not present(pipeline, NEUTRAL, text, NEUTRAL, kind="authorship")


def test_an_about_section_names_the_issuer(pipeline):
    section = "Who we are\n\nMeadowlark Herbs was started in 2015 by two sisters who grew up on a farm in Devon."
    assert present(pipeline, NEUTRAL, section, kind="authorship")


# Distinct paragraphs (boilerplate stripping drops repeated ones).
PARAGRAPHS = [
    "Bunions form slowly over years, and many people notice them only when shoes start to rub at the side.",
    "Wider shoes with a soft upper ease the pressure, and a pad over the bump can stop the skin from blistering.",
    "Surgery is considered when pain limits walking despite these measures, and recovery takes several months.",
    "Children can have bunions too, often when a parent has them, and they are usually watched rather than treated.",
    "Splints worn at night do not straighten the toe for good, though some people find them comfortable enough.",
    "Exercises that stretch and strengthen the toe may help stiffness, even if they do not change its shape.",
]


def test_a_credit_in_a_lead_cut_off_by_a_contents_list_still_counts(pipeline):
    # Boilerplate stripping may drop a lead and its credit as a cluster apart from the main text when a table
    # of contents stands between them; the credit above the body is still read.
    lead = "A bunion is a bony bump at the base of the big toe.\nPrepared by the Footcare Atlas editorial team."
    contents = "Contents\n1 Causes\n2 Treatment\n3 Outlook"
    _, found = run(pipeline, lead, contents, *PARAGRAPHS)
    assert found["authorship"]["present"]


# --- issue 5: selling and stakes on long pages ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a reader's tip that names the shop's web address and a price
        "I picked mine up at calmleaf.co for about £18 a tin.",
        # a first session priced as an offer
        "Your first session is half price this month if you mention the newsletter.",
    ],
)
def test_sponsorship_triggers_on_long_pages(pipeline, text):
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="sponsorship")


@pytest.mark.parametrize(
    "text",
    [
        # a takedown notice under a reposted article
        "Note: collected from the web; if it breaches your rights, contact us and we will remove it.",
        "If any of this content infringes your copyright, please contact us to have it deleted.",
        # a press office's e-mail line, a university's address
        "press@lakeviewhealth.org | +1 (312) 555-0148",
        "Kim Osei, k.osei@hollins.ac.uk, 01632 960 412",
        # a patient's story, a trial's enrolment
        "The first injection is the one everyone dreads, and it was over in seconds.",
        "The nurse told me to book in with my own GP the week after.",
        "We usually buy the ginger tea from a little shop near the station.",
        "The second stage of the study will enrol 120 adults with mild asthma.",
        # prices reported, not offered
        "Hearing aids sell for $300 to $5,000 a pair depending on the features.",
        "Private courses often come at a cost of several thousand dollars.",
        "My copay dropped from $90 a month to $10 once the generic came out.",
    ],
)
def test_sponsorship_not_triggered_by_look_alike_selling(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, NEUTRAL, kind="sponsorship")


# Research news that the promotional model does not flag, and a sales pitch that it does.
RESEARCH_NEWS = (
    "A study of 900 older adults in Norway, published this week, found that those who walked more each day had "
    "slightly fewer falls over ten years. The authors said the link may partly reflect better health to begin "
    "with, and that a trial would be needed to test whether walking itself prevents falls."
)
SALES_PITCH = (
    "These capsules melt away belly fat in just seven days, guaranteed, with no diet and no exercise at all!",
    "Thousands of happy customers say it is the most amazing weight-loss miracle they have ever tried!",
)
PRESS_BLOCKS = [
    # under a heading that names media contacts: a name, a mailbox and a phone number, a line each
    ["Media and Investor Contacts", "Priya Nandakumar, Communications", "p.n@corvell.example", "+44 20 7946 0321"],
    # next to a press office's mailbox
    ["For a copy of the paper, please get in touch:", "Tom Reilly +1 617-555-0187", "newsroom@lakeside.example"],
    # under a public-relations firm's name
    ["Contact: Rosa Mendes", "Mendes Public Relations", "(415) 555-0139"],
]


@pytest.mark.parametrize("block", PRESS_BLOCKS)
def test_a_press_contact_block_sells_nothing_in_news(pipeline, block):
    article, found = run(pipeline, BYLINE, RESEARCH_NEWS, NEUTRAL, *block)
    assert not article.promo_flagged
    assert not found["sponsorship"]["required"] and not found["conflict_of_interest"]["required"]


@pytest.mark.parametrize("block", PRESS_BLOCKS)
def test_a_press_contact_block_sells_nothing_on_a_flagged_page_either(pipeline, block):
    # a company's release on its own drug is often flagged (an executive's hype): its media contact is for the press
    article, found = run(pipeline, BYLINE, *SALES_PITCH, *block)
    assert article.promo_flagged
    assert not found["sponsorship"]["required"]
    article, found = run(pipeline, BYLINE, *SALES_PITCH, PITCH, *block)
    assert found["sponsorship"]["trigger"] == PITCH


@pytest.mark.parametrize(
    "text",
    [
        "My clinic referred me to a physio, who was brilliant.",
        "We usually buy the ginger tea from a little shop near the station.",
        # a share price in a business story
        "The drugmaker's stock closed at $31.40 on the Nasdaq after the trial results came out.",
        "Shares fell to $12.05 on the NYSE in early trading as investors weighed the safety data.",
    ],
)
def test_conflict_not_required_by_a_patients_own_clinic_or_shop_or_a_share_price(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, NEUTRAL, kind="conflict_of_interest")


def test_a_companys_own_release_still_carries_its_stake(pipeline):
    release = "Corvell Therapeutics (NASDAQ: CRVL) today announced that its lead drug cut migraine days by half."
    assert required(pipeline, NEUTRAL, release, NEUTRAL, kind="conflict_of_interest")


def test_a_paid_adviser_is_a_stated_tie(pipeline):
    line = "Prof. Ruiz is a paid adviser to Calmleaf and sits on its scientific advisory board."
    assert present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


@pytest.mark.parametrize(
    "line",
    [
        "The regulators who signed off on it are funded by the very companies they regulate.",
        "Your doctor was trained in a system paid for by the drug industry.",
        "Guideline panels are stacked with experts who took money from pharmaceutical companies.",
    ],
)
def test_ties_laid_at_an_industrys_door_are_no_disclosure(pipeline, line):
    assert not present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


def test_the_authors_own_industry_ties_still_count(pipeline):
    line = "The authors have received consulting fees from pharmaceutical companies that make asthma inhalers."
    assert present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


@pytest.mark.parametrize(
    "line",
    [
        "Dr. Okafor reports no financial ties to device or drug manufacturers.",  # a denial accuses no industry
        "Full disclosure, they give me a referral credit if you use the code.",
    ],
)
def test_a_denial_of_industry_ties_and_a_referral_credit_are_stated_ties(pipeline, line):
    assert present(pipeline, NEUTRAL, PITCH, line, kind="conflict_of_interest")


# --- issue 5: regulatory status, a therapy and not biology, the product and not the seller ------------------


def test_own_cells_in_a_treatment_call_for_regulatory_status(pipeline):
    text = "We draw a little fat, concentrate your own cells and inject them into the painful shoulder."
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="regulatory_status")


@pytest.mark.parametrize(
    "text",
    [
        "Caffeine reaches your own cells within minutes of your morning coffee.",
        # the seller's credentials, not the product's: a registered plant, a licensed clinic
        "Every order ships in a plain box. Our insoles are made in an FDA-registered plant. Order today for $39.",
        "Brookside Dental is a practice regulated by the national dental council. Book online for $60 today.",
    ],
)
def test_biology_and_seller_credentials_do_not_call_for_regulatory_status(pipeline, text):
    assert not required(pipeline, NEUTRAL, text, NEUTRAL, kind="regulatory_status")


def test_a_patented_product_sold_on_its_credential_still_calls_for_regulatory_status(pipeline):
    text = "Our patented NerveCalm band rewires pain signals overnight. Order today for $89."
    assert required(pipeline, NEUTRAL, text, NEUTRAL, kind="regulatory_status")


def test_a_510k_clearance_states_the_status(pipeline):
    line = "The Orbis scanner received 510(k) clearance from the FDA in 2024 as an aid to clinicians."
    assert present(pipeline, NEUTRAL, STEM_CELLS, line, kind="regulatory_status")


class _Counting:
    """A pattern that matches the given texts and records every text it is tried on."""

    def __init__(self, *matching: str):
        self.matching, self.tried = set(matching), []

    def search(self, text: str) -> bool:
        self.tried.append(text)
        return text in self.matching


def test_first_index_walks_the_checks_together_and_stops_at_the_first_accepted_unit():
    units = [disclosures.Unit(0, f"u{i}", "body") for i in range(6)] + [disclosures.Unit(0, "aside", "byline")]
    ctx = disclosures.Context(Article(id="t", raw=""), units, 6, hits={"a": {0, 2, 5, 6}, "b": {1, 3, 4}})
    late, early = _Counting("u5"), _Counting("u3", "u4")
    found = ctx.first_index(disclosures.Check("a", (late,)), disclosures.Check("b", (early,)))
    assert found == 3
    assert late.tried == ["u0", "u2"]  # never the units after the one accepted, nor u5
    assert early.tried == ["u1", "u3"]
    # a set bounds the walk; a body check stops at the body's end; "only" and "where" narrow the units
    assert ctx.first_index(disclosures.Check("b", (_Counting("u3"),)), {2}) == 2
    assert ctx.first_index(disclosures.Check("a", (_Counting("aside"),))) is None
    assert ctx.first_index(disclosures.Check("a", (_Counting("aside"),), body=False)) == 6
    assert ctx.first_index(disclosures.Check("a", (_Counting("aside"),), body=False, where=("page",))) is None
    assert ctx.first_index(disclosures.Check("b", (_Counting("u3", "u4"),), only=frozenset({4}))) == 4


def test_an_article_the_model_did_not_score_is_checked_over_the_docs_own_sentences(pipeline, config):
    # check_disclosures called on its own (no promotional stage first): the body is the doc's sentences.
    text = (
        "Our turmeric capsules ease joint pain for most people who take two a day with food.\n\n"
        "This article is for information only and is not medical advice: talk to your doctor before you start"
        " a supplement.\n\nOrder today for $29 a bottle."
    )
    unscored, scored = Article(id="alone", raw=text), Article(id="scored", raw=text)
    unscored.text = scored.text = text
    check_disclosures(unscored, parse(text), config)
    doc = parse(text)
    pipeline.scorer(scored, doc)
    check_disclosures(scored, doc, config)
    assert unscored.disclosures["medical_advice"].evidence.startswith("This article is for information only")
    assert [(d.required, d.present, d.evidence) for d in unscored.disclosures.values()] == [
        (d.required, d.present, d.evidence) for d in scored.disclosures.values()
    ]


# --- news as outlets and release services format it (session 16: read on the real articles' dev half) -----------

STUDY_NEWS = (
    "In a trial of 300 adults with mild asthma, a twice-daily inhaler cut flare-ups by a third over a year, the "
    "researchers found."
)


@pytest.mark.parametrize(
    "line",
    [
        "(CNN) Doctors in three states are trying a new way to spot asthma flare-ups before they start.",
        "Newswise — A twice-daily inhaler cut asthma flare-ups by a third in a year-long trial of 300 adults with mild "
        "asthma, according to a study that compared it with the standard treatment in clinics across the country.",
        "Write to Dana Whitcombe at dana.whitcombe@ledger.example",
        "You can follow me on Twitter @danawrites for daily updates from the clinic trials beat.",
        "Dana Whitcombe Special to the Harbor Ledger",
        "AP Medical Writer Dana Whitcombe contributed from Boston.",
    ],
)
def test_outlets_credits_and_sign_offs_are_authorship(pipeline, line):
    assert present(pipeline, line, NEUTRAL, kind="authorship")


@pytest.mark.parametrize(
    "opening",
    [
        "March 3, 2019 - For adults with mild asthma, a twice-daily inhaler cut flare-ups by a third in a year.",
        "Rockford, IL (March 3, 2019) -- A twice-daily inhaler cut asthma flare-ups by a third in a year.",
        "March 3, 2019, Lisbon, Portugal: A study presented today found that an inhaler cut flare-ups by a third.",
        "Newswise — Rockford, IL (March 3, 2019) — A twice-daily inhaler cut asthma flare-ups by a third in a year.",
    ],
)
def test_a_dateline_that_opens_with_the_date_or_a_place_in_title_case_is_a_date(pipeline, opening):
    assert present(pipeline, opening, NEUTRAL, kind="date")


@pytest.mark.parametrize(
    "line",
    [
        "Thorax; published online May 14, 2019 (DOI: 10.1136/thorax-2019-0001).",
        "SOURCE: Respiratory Care Journal, online March 6, 2019.",
    ],
)
def test_a_papers_citation_date_is_not_the_articles_date(pipeline, line):
    assert not present(pipeline, NEUTRAL, line, kind="date")


@pytest.mark.parametrize(
    "line",
    [
        "More information",
        "Read more from our series on lung health:",
        "Logo - http://photos.newswire.example/2019/0303/inhaler-logo.jpg",
    ],
)
def test_a_pointer_to_more_reading_or_a_logo_link_is_no_reference(pipeline, line):
    assert not present(pipeline, STUDY_NEWS, line, kind="references")


def test_further_reading_that_names_its_sources_is_still_a_reference_list(pipeline):
    line = "Further reading: National Asthma Council, Asthma Management Handbook (2022)."
    assert present(pipeline, STUDY_NEWS, line, kind="references")


def test_a_degree_or_the_umbilical_cord_itself_is_no_unapproved_therapy(pipeline):
    for line in [
        "The study's co-authors are Priya Raman, MSc, and Tom Okafor, PhD, both of the Harbourside Lung Institute.",
        "Blood reaches the growing baby through the umbilical cord, which carries oxygen from the placenta.",
    ]:
        assert not required(pipeline, STUDY_NEWS, line, kind="regulatory_status"), line
    injected = (
        "Our clinic injects umbilical cord-derived cells into the knee, and most patients walk without pain in weeks."
    )
    assert required(pipeline, STUDY_NEWS, injected, kind="regulatory_status")


ISSUER_SECTION = [
    "About Harrowgate Publishing",
    "Harrowgate Publishing is a global provider of medical journals and clinical decision tools.",
    "For more information about our products, visit www.harrowgate.example or call 800-555-0199.",
]


def test_an_issuers_about_section_sells_nothing_in_a_news_release(pipeline):
    assert not required(pipeline, STUDY_NEWS, NEUTRAL, *ISSUER_SECTION, kind="sponsorship")
    assert not required(pipeline, STUDY_NEWS, NEUTRAL, *ISSUER_SECTION, kind="conflict_of_interest")
    # without its heading the same lines are the page's own offer
    assert required(pipeline, STUDY_NEWS, NEUTRAL, *ISSUER_SECTION[1:], kind="sponsorship")


def test_a_named_press_contact_with_a_personal_mailbox_sells_nothing(pipeline):
    contact = "CONTACT: Rhea Okonjo, (312) 555-0147, rhea.okonjo@northvale-health.example"
    assert not required(pipeline, STUDY_NEWS, NEUTRAL, contact, kind="sponsorship")
    shop = "CONTACT: Glow Clinic, (312) 555-0147, bookings@glowclinic.example"
    assert required(pipeline, STUDY_NEWS, NEUTRAL, shop, kind="sponsorship")


def test_a_trial_conducted_for_a_company_is_a_stated_tie(pipeline):
    line = "The trial was conducted for Brellin Group, a Denver-based dermatology company, at four clinics."
    assert present(pipeline, STUDY_NEWS, line, kind="conflict_of_interest")
    assert not present(
        pipeline, STUDY_NEWS, "The trial was conducted for 12 weeks at four clinics.", kind="conflict_of_interest"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Follow-up visits went on for two years so that the team could see how long the benefit lasted.",
        "Check-ups were every three months, and the nurses recorded every flare-up in a shared diary.",
    ],
)
def test_a_hyphenated_noun_opening_a_sentence_is_no_imperative(pipeline, line):
    assert not required(pipeline, NEUTRAL, line, kind="medical_advice")


@pytest.mark.parametrize(
    "line",
    [
        "People with asthma are generally advised to carry their reliever inhaler at all times.",
        "Women with frequent migraines might consider keeping a headache diary to find what sets off their attacks.",
    ],
)
def test_advice_to_a_group_in_more_wordings(pipeline, line):
    assert required(pipeline, NEUTRAL, line, kind="medical_advice")


@pytest.mark.parametrize(
    "line",
    [
        "The team says much more research is still to be done before clinics offer it.",
        "It would take larger trials to settle the matter for older patients.",
        "The authors issued a call to action for more trials of inhaler technique.",
        "The results lay the groundwork for a larger trial next year.",
        "Of course, the device has limitations.",
        "The company paid for the study, which raises the issue of bias.",
        "The inhaler was tested in a small group of older women.",
        "The trial enrolled a relatively small number of volunteers.",
        "Volunteers may have been biased to expect a benefit.",
        "Studies that look back at old records are very unreliable for this question.",
        "If proven effective, the inhaler could replace two older ones.",
        "Steroid tablets taken by some volunteers could have been a contributing factor, she said.",
        "The authors think it is important to further study the airway muscles before drawing conclusions.",
    ],
)
def test_evidence_caveats_in_news_wordings(pipeline, line):
    assert present(pipeline, STUDY_NEWS, line, kind="evidence_caveat")


def test_in_partnership_with_labels_sponsorship_only_as_a_label(pipeline):
    promotion = "Our Lumera night cream erases fine lines in two weeks. Order today for $39 at lumera.example."
    line = "Lumera was developed in partnership with the Harbourside Skin Clinic over three years of testing."
    assert not present(pipeline, promotion, line, kind="sponsorship")
    assert present(pipeline, "In partnership with Lumera Skincare", promotion, kind="sponsorship")


def test_a_special_offer_is_no_contributor_credit(pipeline):
    assert not present(pipeline, "Special for Mother's Day: 20% off all our vitamins", NEUTRAL, kind="authorship")
    assert present(pipeline, "Special for the Harbor Ledger", NEUTRAL, kind="authorship")


@pytest.mark.parametrize(
    ("line", "heads"),
    [
        ("About Harrowgate Publishing", True),
        ("About the Society of Chest Physicians", True),
        ("About Harrowgate Publishing Harrowgate Publishing is a global provider of journals.", True),
        ("About Us", False),  # a shop's own page: the seller speaking, not an issuer's closing section
        ("About 30 people took part in the trial.", False),
    ],
)
def test_an_issuers_about_heading(line, heads):
    assert bool(disclosures.ABOUT_HEADING.search(line)) is heads


@pytest.mark.parametrize(
    "line",
    [
        "Future research should test the inhaler in patients with severe asthma and should also follow them longer.",
        "For patients with mild asthma the findings are encouraging; these results need to be repeated in children.",
        "There is no good evidence that adults should switch inhalers on the strength of this trial alone.",
    ],
)
def test_a_modal_whose_subject_is_the_research_is_no_advice(pipeline, line):
    assert not required(pipeline, NEUTRAL, line, kind="medical_advice")


def test_a_group_told_what_to_do_is_still_advice_beside_research_words(pipeline):
    line = "Patients with asthma should carry their reliever inhaler, whatever the new study finds."
    assert required(pipeline, NEUTRAL, line, kind="medical_advice")


@pytest.mark.parametrize(
    "line",
    [
        '"We think this will change how asthma is treated," said Ann Lee, chief executive of Velora Therapeutics.',
        "Dr. Ruiz's Madrid-based company Airwell is building a cheaper version of the inhaler.",
        "Velora Therapeutics chief medical officer Tom Berg said the company would apply for approval next year.",
    ],
)
def test_a_maker_s_officer_speaking_in_a_story_is_a_stake(pipeline, line):
    assert required(pipeline, STUDY_NEWS, line, kind="conflict_of_interest")


@pytest.mark.parametrize(
    "line",
    [
        '"It is a careful trial," said Maria Santos, president of the National Asthma Society.',
        "The chief executive of the hospital trust said the clinics would stay open over the summer.",
    ],
)
def test_an_officer_of_no_company_is_no_stake(pipeline, line):
    assert not required(pipeline, STUDY_NEWS, line, kind="conflict_of_interest")


def test_a_country_s_biggest_company_is_no_founder_s_company(pipeline):
    line = "The country's biggest insurance company said it would cover the inhaler from next year."
    assert not required(pipeline, STUDY_NEWS, line, kind="conflict_of_interest")


@pytest.mark.parametrize(
    "line",
    [
        "An inhaler like this one is still years away from pharmacy shelves, the team said.",
        "The team is not yet at the point where the spray can be offered to children.",
        "Whether the spray helps adults as much as children isn't conclusive.",
        "Volunteers also used their old inhalers more carefully, and that may have boosted the results.",
        "More follow-up will be needed to learn if the benefit lasts.",
    ],
)
def test_evidence_caveats_of_readiness_open_questions_and_inflated_results(pipeline, line):
    assert present(pipeline, STUDY_NEWS, line, kind="evidence_caveat")


def test_years_of_follow_up_are_no_caveat(pipeline):
    assert not present(pipeline, STUDY_NEWS, "The volunteers were followed for two years.", kind="evidence_caveat")


@pytest.mark.parametrize(
    ("line", "names_a_source"),
    [
        ("She is the first author of an article in Respiratory Reviews published online last week.", True),
        ("The team described the device in a paper in the journal Airway Science.", True),
        ("The team's paper in January reported that the inhaler worked in older adults.", False),
    ],
)
def test_an_article_or_paper_named_by_its_journal_is_a_reference(pipeline, line, names_a_source):
    assert present(pipeline, STUDY_NEWS, line, kind="references") is names_a_source


@pytest.mark.parametrize(
    "line",
    [
        "But don't go buying the new spray just yet, because the trial was small and short.",
        "But stop and think before buying the new spray, since it has not been tested in children.",
    ],
)
def test_an_instruction_after_but_is_advice(pipeline, line):
    assert required(pipeline, STUDY_NEWS, line, kind="medical_advice")


def test_a_sentence_opening_with_but_is_not_always_an_instruction(pipeline):
    line = "But the study was small, and the team did not follow the volunteers for long."
    assert not required(pipeline, STUDY_NEWS, line, kind="medical_advice")
