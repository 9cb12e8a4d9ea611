from odoo import Command
from odoo.addons.customer_archive.tests.common import CustomerArchiveCommon
from odoo.tests import new_test_user


class CustomerSatisfactionCommon(CustomerArchiveCommon):
    """The archive fixture plus a satisfaction user and manager, and a satisfaction survey of
    its own attributes and weights so that the expected indices can be computed by hand:

    ====================  =========  ======  ==========  =====================
    question              dimension  weight  touchpoint  type
    ====================  =========  ======  ==========  =====================
    q_quality             product    3       ordering    scale 0..10
    q_quality_delivered   product    3       delivery    scale 1..5 (quality)
    q_price               product    1                   scale 0..10
    q_delivery            service    2       delivery    scale 0..10
    q_staff               service    1                   scale 0..10
    q_terms               economy    1       invoicing   choice 4/3/2/1/0
    q_brand               image      1                   scale 0..10
    q_comment             (none)                         text
    ====================  =========  ======  ==========  =====================

    Dimension weights: product 40, service 30, economy 20, image 10."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "customer_satisfaction.group_satisfaction_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.archive_company.id,
                  "company_ids": [Command.set(cls.archive_company.ids)]}
        cls.satisfaction_user = new_test_user(
            cls.env, "satisfaction_user", name="Satisfaction User",
            groups="base.group_user,customer_satisfaction.group_satisfaction_user", **common)
        cls.satisfaction_manager = new_test_user(
            cls.env, "satisfaction_manager", name="Satisfaction Manager",
            groups="base.group_user,customer_satisfaction.group_satisfaction_manager", **common)
        cls.archive_company.satisfaction_low_threshold = 60.0

        Attribute = cls.env["customer.satisfaction.attribute"]
        cls.attr_quality = Attribute.create({"name": "T Quality", "dimension": "product",
                                             "weight": 3})
        cls.attr_price = Attribute.create({"name": "T Price", "dimension": "product",
                                           "weight": 1})
        cls.attr_delivery = Attribute.create({"name": "T Delivery", "dimension": "service",
                                              "weight": 2})
        cls.attr_staff = Attribute.create({"name": "T Staff", "dimension": "service",
                                           "weight": 1})
        cls.attr_terms = Attribute.create({"name": "T Terms", "dimension": "economy",
                                           "weight": 1})
        cls.attr_brand = Attribute.create({"name": "T Brand", "dimension": "image",
                                           "weight": 1})
        Touchpoint = cls.env["customer.satisfaction.touchpoint"]
        cls.tp_ordering = Touchpoint.create({"name": "T Ordering"})
        cls.tp_delivery = Touchpoint.create({"name": "T Delivery"})
        cls.tp_invoicing = Touchpoint.create({"name": "T Invoicing"})

        def scale(title, attribute, touchpoint=None, scale_min=0, scale_max=10):
            return Command.create({
                "title": title, "question_type": "scale", "scale_min": scale_min,
                "scale_max": scale_max, "satisfaction_attribute_id": attribute.id,
                "satisfaction_touchpoint_id": touchpoint.id if touchpoint else False})

        cls.survey = cls.env["survey.survey"].create({
            "title": "Satisfaction Test",
            "survey_type": "customer_satisfaction",
            "questions_layout": "one_page",
            "satisfaction_weight_product": 40,
            "satisfaction_weight_service": 30,
            "satisfaction_weight_economy": 20,
            "satisfaction_weight_image": 10,
            "question_and_page_ids": [
                scale("Quality", cls.attr_quality, cls.tp_ordering),
                scale("Quality delivered", cls.attr_quality, cls.tp_delivery, 1, 5),
                scale("Price", cls.attr_price),
                scale("Delivery", cls.attr_delivery, cls.tp_delivery),
                scale("Staff", cls.attr_staff),
                Command.create({
                    "title": "Terms", "question_type": "simple_choice",
                    "satisfaction_attribute_id": cls.attr_terms.id,
                    "satisfaction_touchpoint_id": cls.tp_invoicing.id,
                    "suggested_answer_ids": [
                        Command.create({"value": label, "answer_score": score})
                        for label, score in [("Very good", 4), ("Good", 3), ("Acceptable", 2),
                                             ("Poor", 1), ("Very poor", 0)]]}),
                scale("Brand", cls.attr_brand),
                Command.create({"title": "Comment", "question_type": "text_box"}),
            ],
        })
        questions = cls.survey.question_ids
        (cls.q_quality, cls.q_quality_delivered, cls.q_price, cls.q_delivery, cls.q_staff,
         cls.q_terms, cls.q_brand, cls.q_comment) = questions.sorted("sequence") if len(
            set(questions.mapped("sequence"))) > 1 else questions.sorted("id")
        cls._end_request()

    @classmethod
    def _terms(cls, label):
        return cls.q_terms.suggested_answer_ids.filtered(lambda a: a.value == label)

    @classmethod
    def _answer(cls, partner, answers, survey=None, done=True):
        """A survey answer of ``partner``: ``answers`` maps questions to their answers (a
        scale value, a suggested answer or a text; ``None`` for a skipped question)."""
        # As the survey controllers do, the participant answers as superuser.
        user_input = cls.env["survey.user_input"].sudo().create({
            "survey_id": (survey or cls.survey).id, "partner_id": partner.id})
        for question, answer in answers.items():
            if isinstance(answer, type(cls.env["survey.question.answer"])):
                answer = answer.id
            user_input._save_lines(question, "" if answer is None else answer)
        if done:
            user_input._mark_done()
        return user_input
