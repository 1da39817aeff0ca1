"""The live interview and its sealed scorecard.

An interview is planned, then in progress (autosaved as it happens), then submitted: submitting
seals it with a SHA-256 digest of its content. A sealed scorecard never changes; corrections are
amendments (with author and reason) applied on top, each with its own digest chained to the seal.

Functions take a Session; the caller decides the transaction.
"""


from desktop.core.interviewing.fields import *  # noqa: F401,F403
from desktop.core.interviewing.lifecycle import *  # noqa: F401,F403
from desktop.core.interviewing.seals import *  # noqa: F401,F403
from desktop.core.interviewing.access import *  # noqa: F401,F403
from desktop.core.interviewing.listing import *  # noqa: F401,F403
from desktop.core.interviewing.live import *  # noqa: F401,F403
