"""The content model: one module per collection, the shared base, and the registry of collections.

Validation (``validate``), references (``references``), resolving ids into objects (``resolve``)
and the schemas for editors (``schema``) are modules of this package too, imported by name.
"""

from generator.model.base import *  # noqa: F403
from generator.model.coaching import *  # noqa: F403
from generator.model.collections import *  # noqa: F403
from generator.model.competitors import *  # noqa: F403
from generator.model.conditions import *  # noqa: F403
from generator.model.documents import *  # noqa: F403
from generator.model.forecast import *  # noqa: F403
from generator.model.lines import *  # noqa: F403
from generator.model.meetings import *  # noqa: F403
from generator.model.methods import *  # noqa: F403
from generator.model.metrics import *  # noqa: F403
from generator.model.personas import *  # noqa: F403
from generator.model.philosophy import *  # noqa: F403
from generator.model.policies import *  # noqa: F403
from generator.model.processes import *  # noqa: F403
from generator.model.qualification import *  # noqa: F403
from generator.model.roles import *  # noqa: F403
from generator.model.scorecards import *  # noqa: F403
from generator.model.stages import *  # noqa: F403
from generator.model.strategy import *  # noqa: F403
from generator.model.value import *  # noqa: F403
