from odoo.tools import SQL

from . import models
from . import wizard


def post_init_hook(env):
    """Installed on a database where the health belonged to customer_satisfaction: its
    reasons were stored as sentences in one language; store them again as codes, and drop
    the column of the sentences."""
    env.cr.execute(SQL(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'res_partner' AND column_name = 'health_reasons'"))
    if env.cr.fetchone():
        env.cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN health_reasons"))
        env["res.partner"]._health_refresh_all()
