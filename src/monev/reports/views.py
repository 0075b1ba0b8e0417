def report_page(*a): pass
generate = job_status = section_edit = download = report_page
