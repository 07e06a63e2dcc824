"""Every label of the workbench, in French (default) and English.

>>> t("workshop.add", "fr"), t("workshop.add", "en")
('Ajouter la proposition', 'Add the proposal')
>>> t("msg.saved", "fr", label="ajout")  # French puts a narrow no-break space before ':'
'Enregistré\\u202f: ajout'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LANGUAGES", "LABELS", "t", "MissingLabel"]

#: The languages the interface speaks, in the order of the switch.
LANGUAGES = {"fr": "Français", "en": "English"}


class MissingLabel(KeyError):
    """A panel asked for a label that is not in :data:`LABELS` (a bug: every label must be translated)."""


# key: (French, English). Write French with ordinary spaces before : ; ! ? — they become narrow
# no-break spaces (U+202F) when the table is loaded.
_RAW: dict[str, tuple[str, str]] = {
    "app.title": ("Badge Workbench", "Badge Workbench"),
    # header and messages
    "header.language-tip": ("Langue de l'interface", "Interface language"),
    "header.partner": ("Partenaire", "Partner"),
    "header.person": ("Personne", "Person"),
    "header.person-placeholder": ("Votre prénom", "Your first name"),
    "header.no-partner": ("(aucun partenaire)", "(no partner)"),
    "header.no-framework": ("Aucun référentiel ouvert.", "No framework open."),
    "msg.opened": ("Référentiel ouvert : {title}", "Framework opened: {title}"),
    "msg.open-failed": ("Impossible d'ouvrir : {error}", "Cannot open: {error}"),
    "msg.no-framework": ("Ouvrez d'abord un référentiel.", "Open a framework first."),
    "msg.edit-refused": ("Modification refusée : {error}", "Change refused: {error}"),
    "msg.saved": ("Enregistré : {label}", "Saved: {label}"),
    "msg.undone": ("Annulé : {label}", "Undone: {label}"),
    "msg.redone": ("Rétabli : {label}", "Redone: {label}"),
    "msg.merged": ("Fusion enregistrée : vos modifications et celles des autres sont gardées.",
                   "Merge saved: your changes and the others' are kept."),
    "msg.save-failed": ("Échec de l'enregistrement (rien n'a été perdu, vos modifications restent affichées) : {error}",
                        "Saving failed (nothing was lost, your changes are still shown): {error}"),
    "msg.conflict": ("Un autre partenaire a enregistré des modifications sur les mêmes éléments ({files}). "
                     "Rien n'a été écrasé : choisissez « Recharger » ou « Fusionner ».",
                     "Another partner saved changes to the same items ({files}). Nothing was overwritten: "
                     "choose 'Reload' or 'Merge'."),
    "msg.reloaded": ("Mis à jour avec les modifications enregistrées par un autre partenaire ({files}).",
                     "Updated with the changes another partner saved ({files})."),
    "msg.reloaded-set-aside": ("Rechargé. Ces modifications à vous touchaient les mêmes éléments et ont été mises de "
                               "côté : {edits}. Refaites-les si besoin.",
                               "Reloaded. These changes of yours touched the same items and were set aside: "
                               "{edits}. Redo them if needed."),
    "msg.create-needs": ("Indiquez un dossier et un titre pour le nouveau référentiel.",
                         "Give a folder and a title for the new framework."),
    "msg.need-title": ("Écrivez d'abord un intitulé.", "Write a title first."),
    "msg.pick-card": ("Choisissez d'abord une carte.", "Pick a card first."),
    "msg.pick-item": ("Choisissez d'abord un élément.", "Pick an item first."),
    "msg.pick-badge": ("Choisissez d'abord un badge.", "Pick a badge first."),
    "msg.need-badges": ("Choisissez au moins un badge.", "Choose at least one badge."),
    "msg.positions-saved": ("Position enregistrée : {id}", "Position saved: {id}"),
    "msg.done": ("Terminé : {what}", "Done: {what}"),
    "conflict.title": ("Modifications simultanées", "Simultaneous changes"),
    "conflict.body": ("Fichiers modifiés par un autre partenaire : {files}. Vos modifications non enregistrées : "
                      "{edits}. Recharger = prendre leur version et réappliquer vos modifications qui ne se "
                      "chevauchent pas ; Fusionner = tout garder, votre version l'emporte sur les éléments modifiés "
                      "des deux côtés.",
                      "Files changed by another partner: {files}. Your unsaved changes: {edits}. Reload = take "
                      "their version and re-apply your changes that do not overlap; Merge = keep everything, "
                      "your version wins on items changed on both sides."),
    "conflict.reload": ("Recharger", "Reload"),
    "conflict.merge": ("Fusionner", "Merge"),
    "conflict.reload-tip": ("Prendre leur version, réappliquer ce qui ne se chevauche pas",
                            "Take their version, re-apply what does not overlap"),
    "conflict.merge-tip": ("Tout garder ; ma version l'emporte en cas de chevauchement",
                           "Keep everything; mine wins where both changed"),
    # kinds, statuses, fields
    "kind.competency": ("Compétence", "Competency"),
    "kind.badge": ("Badge", "Badge"),
    "kind.pathway": ("Parcours", "Pathway"),
    "kind.partner": ("Partenaire", "Partner"),
    "kind.territory": ("Territoire", "Territory"),
    "kind.layout": ("Position", "Position"),
    "status.proposed": ("Proposé", "Proposed"),
    "status.discussed": ("Discuté", "Discussed"),
    "status.adopted": ("Adopté", "Adopted"),
    "status.set_aside": ("Mis de côté", "Set aside"),
    "field.status": ("Statut", "Status"),
    "field.proposed-by": ("Proposé par", "Proposed by"),
    "count.partners": ("partenaires", "partners"),
    "count.territories": ("territoires", "territories"),
    "count.competencies": ("compétences", "competencies"),
    "count.badges": ("badges", "badges"),
    "count.pathways": ("parcours", "pathways"),
    "count.relations": ("relations", "relations"),
    # start
    "start.title": ("Bienvenue dans Badge Workbench", "Welcome to Badge Workbench"),
    "start.open-heading": ("Ouvrir un référentiel", "Open a framework"),
    "start.path": ("Dossier", "Folder"),
    "start.open": ("Ouvrir", "Open"),
    "start.create-heading": ("Créer un nouveau référentiel", "Create a new framework"),
    "start.new-folder": ("Dossier", "Folder"),
    "start.new-title": ("Titre", "Title"),
    "start.create": ("Créer", "Create"),
    "start.health": ("État du référentiel", "Health of the framework"),
    "start.healthy": ("Aucun problème : le référentiel est prêt.", "No problems: the framework is ready."),
    "start.warnings": ("Valide, avec {n} point(s) d'attention.", "Valid, with {n} warning(s)."),
    "start.errors": ("{n} erreur(s) à corriger, {w} point(s) d'attention.", "{n} error(s) to fix, {w} warning(s)."),
    "start.filter-all": ("Tout", "All"),
    "start.filter-error": ("Erreurs", "Errors"),
    "start.filter-warning": ("Attention", "Warnings"),
    "start.filter-info": ("Infos", "Info"),
    "start.jump": ("Voir l'élément", "Show the item"),
    "start.edit-in": ("À modifier dans", "Edit it in"),
    "start.table": ("Tableau complet des problèmes", "Full table of problems"),
    "start.next": ("Ensuite :", "Next:"),
    "start.nb-01": ("atelier de co-conception (propositions, votes, statuts)", "co-design workshop (proposals, votes, statuses)"),
    "start.nb-02": ("référentiel de compétences (hiérarchie, niveaux, relations, alignements)",
                    "competency framework (hierarchy, levels, relations, alignments)"),
    "start.nb-03": ("conception des badges, avec aperçu de l'image", "badge design, with image preview"),
    "start.nb-04": ("constellation : prérequis, « N parmi M », parcours", "constellation: prerequisites, 'N of M', pathways"),
    "start.nb-05": ("analyse : tableaux, couverture, lacunes, parcours d'apprenant",
                    "analysis: tables, coverage, gaps, learner routes"),
    "start.nb-06": ("export Open Badges 2.0 / 3.0, site, CASE", "export Open Badges 2.0 / 3.0, site, CASE"),
    "start.nb-07": ("supports imprimables", "printable materials"),
    # workshop
    "workshop.title": ("Atelier de co-conception", "Co-design workshop"),
    "workshop.capture": ("Nouvelle proposition", "New proposal"),
    "workshop.proposal": ("Intitulé", "Title"),
    "workshop.proposal-placeholder": ("ex. Accueillir un public", "e.g. Welcoming the public"),
    "workshop.parent": ("Sous", "Under"),
    "workshop.no-parent": ("(au premier niveau)", "(top level)"),
    "workshop.add": ("Ajouter la proposition", "Add the proposal"),
    "workshop.added": ("ajout de « {title} »", "added '{title}'"),
    "workshop.show-all": ("Tout", "All"),
    "workshop.decide": ("Discuter et décider", "Discuss and decide"),
    "workshop.vote": ("+1 gommette", "+1 dot"),
    "workshop.unvote": ("−1 gommette", "−1 dot"),
    "workshop.voted": ("vote sur {id}", "vote on {id}"),
    "workshop.votes": ("gommette(s)", "dot(s)"),
    "workshop.status-set": ("{id} : {status}", "{id}: {status}"),
    "workshop.group-under": ("Regrouper sous", "Group under"),
    "workshop.group": ("Regrouper", "Group"),
    "workshop.grouped": ("regroupement de {id}", "grouped {id}"),
    "workshop.comment": ("Commentaire", "Comment"),
    "workshop.add-comment": ("Commenter", "Comment"),
    "workshop.commented": ("commentaire sur {id}", "comment on {id}"),
    "workshop.anonymous": ("Participant", "Participant"),
    "workshop.undo": ("Annuler", "Undo"),
    "workshop.redo": ("Rétablir", "Redo"),
    "workshop.pick-card": ("Cliquez sur une carte (liste ou graphe) pour la discuter.",
                           "Click a card (list or graph) to discuss it."),
    "workshop.graph": ("Le référentiel en graphe (glissez une carte sur une compétence pour l'y regrouper)",
                       "The framework as a graph (drag a card onto a competency to group it there)"),
}


def _french_spacing(value: str) -> str:
    """Narrow no-break space before ; : ! ? (not inside '://'), and inside « »."""
    value = re.sub(r" ([;:!?])(?!//)", "\u202f\\1", value)
    return value.replace("« ", "«\u202f").replace(" »", "\u202f»")


LABELS: dict[str, dict[str, str]] = {key: {"fr": _french_spacing(fr), "en": en} for key, (fr, en) in _RAW.items()}


def t(key: str, lang: str = "fr", **values: Any) -> str:
    """The label ``key`` in ``lang`` (French when the language is unknown), with ``values`` filled in."""
    try:
        entry = LABELS[key]
    except KeyError:
        raise MissingLabel(f"No label {key!r}: add it to badgeworkbench/widgets/i18n.py in French and English.") from None
    template = entry.get(lang) or entry["fr"]
    return template.format(**values) if values else template
