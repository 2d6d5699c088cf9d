"""The content model: one module per collection, the shared base, and the registry of collections.

Validation (``validate``), resolving ids into objects (``resolve``) and the schemas for editors
(``schema``) are modules of this package too; they are imported by name, not from here.
"""

from generator.model.base import *  # noqa: F403
from generator.model.coaching import *  # noqa: F403
from generator.model.collections import *  # noqa: F403
from generator.model.lines import *  # noqa: F403
from generator.model.methods import *  # noqa: F403
from generator.model.metrics import *  # noqa: F403
from generator.model.personas import *  # noqa: F403
from generator.model.philosophy import *  # noqa: F403
from generator.model.roles import *  # noqa: F403
from generator.model.stages import *  # noqa: F403
from generator.model.strategy import *  # noqa: F403
