# The English interface keeps the portal's dd/mm/yyyy dates and 24-hour times; only the number
# separators are English.
from portal.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
