# The customer health moved to the bridge addon customer_health (credit + satisfaction).
MOVED_UI = {
    "ir.ui.view": ["res_partner_view_form_health", "res_partner_view_list_health",
                   "res_partner_view_search_health", "res_partner_view_pivot_health",
                   "res_partner_view_graph_health"],
    "ir.ui.menu": ["menu_customer_satisfaction_health", "menu_customer_credit_health"],
    "ir.actions.act_window": ["customer_health_action"],
    "ir.cron": ["ir_cron_refresh_health"],
}
TABLES = {"ir.ui.view": "ir_ui_view", "ir.ui.menu": "ir_ui_menu",
          "ir.actions.act_window": "ir_act_window", "ir.cron": "ir_cron"}


def migrate(cr, version):
    """Remove the health screens and job of this addon (customer_health brings its own) and,
    where the credit is installed, install customer_health in the same run: the health
    figures, settings and cross-signals keep their columns and rows."""
    for model, names in MOVED_UI.items():
        cr.execute("""
            DELETE FROM ir_model_data WHERE module = 'customer_satisfaction' AND model = %s
               AND name IN %s RETURNING res_id""", (model, tuple(names)))
        ids = tuple(row[0] for row in cr.fetchall())
        if not ids:
            continue
        if model == "ir.cron":
            cr.execute("SELECT ir_actions_server_id FROM ir_cron WHERE id IN %s", (ids,))
            actions = tuple(row[0] for row in cr.fetchall())
            cr.execute("DELETE FROM ir_cron WHERE id IN %s", (ids,))
            cr.execute("DELETE FROM ir_act_server WHERE id IN %s", (actions,))
        else:
            cr.execute(f"DELETE FROM {TABLES[model]} WHERE id IN %s", (ids,))  # noqa: S608
    cr.execute("""
        UPDATE ir_module_module SET state = 'to install'
         WHERE name = 'customer_health' AND state = 'uninstalled'
           AND EXISTS (SELECT 1 FROM ir_module_module
                        WHERE name = 'customer_credit' AND state = 'installed')""")
