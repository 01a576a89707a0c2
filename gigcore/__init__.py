"""Pure-Python core of the gig-path app: rates, quiz, audit, readiness, experiment, store."""
