"""ControllerRefManager: adopt matching orphans, release owned objects that stopped matching."""
from __future__ import annotations

from ..apiserver.selectors import LabelSelector
from ..objects import Obj, deep_copy, deleting, labels, uid
from ..objects import name as obj_name
from .base import Action, Update, controller_ref


def claim(owner: Obj, sel: LabelSelector, owned: list[Obj], orphans: list[Obj], resource: str,
          *, kind: str) -> tuple[list[Obj], list[Action]]:
    """ClaimObjects: (what the owner now controls, the adopt/release writes)."""
    claimed: list[Obj] = []
    actions: list[Action] = []
    owner_deleting = deleting(owner)
    for obj in owned:
        if sel.matches(labels(obj)):
            claimed.append(obj)
        elif not owner_deleting:
            # We own it but the selector no longer matches: release it (it keeps running).
            actions.append(_release(resource, obj, uid(owner), kind))
    if owner_deleting or sel.empty:
        return claimed, actions
    for obj in orphans:
        if deleting(obj) or not sel.matches(labels(obj)):
            continue
        actions.append(_adopt(resource, obj, owner, kind))
        claimed.append(obj)
    return claimed, actions


def _adopt(resource: str, obj: Obj, owner: Obj, kind: str) -> Update:
    updated = deep_copy(obj)
    refs = updated["metadata"].setdefault("ownerReferences", [])
    refs.append(controller_ref(owner))
    return Update(resource=resource, obj=updated, tolerate=(404,),
                  summary=f"adopt {resource} {updated['metadata'].get('namespace')}/{obj_name(obj)} "
                          f"into {kind.lower()} {obj_name(owner)}")


def _release(resource: str, obj: Obj, owner_uid: str, kind: str) -> Update:
    updated = deep_copy(obj)
    refs = [r for r in updated["metadata"].get("ownerReferences") or () if r.get("uid") != owner_uid]
    if refs:
        updated["metadata"]["ownerReferences"] = refs
    else:
        updated["metadata"].pop("ownerReferences", None)
    return Update(resource=resource, obj=updated, tolerate=(404,),
                  summary=f"release {resource} {updated['metadata'].get('namespace')}/{obj_name(obj)} "
                          f"from its {kind.lower()}")
