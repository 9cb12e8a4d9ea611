def migrate(cr, version):
    """The reviewer of the warning signals is the company's credit manager now (one setting
    instead of two): a company that chose only a signal reviewer keeps him."""
    cr.execute("""
        UPDATE res_company
           SET credit_manager_id = credit_signal_user_id
         WHERE credit_manager_id IS NULL AND credit_signal_user_id IS NOT NULL
    """)
