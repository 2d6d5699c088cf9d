"""The playbook as HubSpot deal pipelines: per process, the body of one request to HubSpot's CRM
pipelines API (``POST /crm/v3/pipelines/deals``), gathered in one JSON file under ``results`` (as
the API lists pipelines, so ``playbook crm import hubspot`` reads an export back). No request is
made here: an admin's own script or integration sends each body.
"""

from __future__ import annotations

import json
from typing import Any

from generator.crm.steps import Pipeline

MAX_LABEL = 255  # HubSpot keeps stage and pipeline labels short; we stay within the same bound as Salesforce


def pipeline_body(pipeline: Pipeline, order: int) -> dict[str, Any]:
    """One pipeline as the pipelines API takes it: label, displayOrder, stages with their metadata."""
    stages = [
        {
            "label": step.label[:MAX_LABEL],
            "displayOrder": n,
            # HubSpot's deal stage metadata are strings: the probability from 0.0 to 1.0, closed "true"/"false".
            "metadata": {"probability": str(round(step.probability / 100, 4)), "isClosed": str(step.closed).lower()},
        }
        for n, step in enumerate(pipeline.steps)
    ]
    return {"label": pipeline.process.title[:MAX_LABEL], "displayOrder": order, "stages": stages}


def export_hubspot(pipelines: list[Pipeline]) -> str:
    bodies = [pipeline_body(p, n) for n, p in enumerate(pipelines)]
    return json.dumps({"results": bodies}, indent=2, ensure_ascii=False) + "\n"
