from odoo.tools import SQL

from . import models
from . import wizard
from . import controllers
from .models.account_move import SALES_INDEX


def uninstall_hook(env):
    """Drop what the addon created on tables it does not own (its own tables and views go
    with its models)."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(SALES_INDEX)))
