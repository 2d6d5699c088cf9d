"""CRM set-up from the playbook, and a playbook started from a CRM: Salesforce and HubSpot.

``export`` turns the resolved playbook into the files a CRM admin deploys (no network call is ever
made); ``reading`` turns a CRM's retrieved stage set-up into drafts of content files, which
``writing`` writes all at once or not at all.
"""
