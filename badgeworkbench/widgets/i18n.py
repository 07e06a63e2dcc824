"""Every label of the workbench, in French (default) and English.

>>> t("workshop.add", "fr"), t("workshop.add", "en")
('Ajouter la proposition', 'Add the proposal')
>>> t("msg.saved", "fr", label="ajout")  # French puts a narrow no-break space before ':'
'Enregistré\\u202f: ajout'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LABELS", "LANGUAGES", "MissingLabel", "error_text", "localized", "t"]

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
    "msg.merged": (
        "Fusion enregistrée : vos modifications et celles des autres sont gardées.",
        "Merge saved: your changes and the others' are kept.",
    ),
    "msg.save-failed": (
        "Échec de l'enregistrement (rien n'a été perdu, vos modifications restent affichées) : {error}",
        "Saving failed (nothing was lost, your changes are still shown): {error}",
    ),
    "msg.conflict": (
        "Un autre partenaire a enregistré des modifications sur les mêmes éléments ({files}). "
        "Rien n'a été écrasé : choisissez « Recharger » ou « Fusionner ».",
        "Another partner saved changes to the same items ({files}). Nothing was overwritten: "
        "choose 'Reload' or 'Merge'.",
    ),
    "msg.reloaded": (
        "Mis à jour avec les modifications enregistrées par un autre partenaire ({files}).",
        "Updated with the changes another partner saved ({files}).",
    ),
    "msg.reloaded-set-aside": (
        "Rechargé. Ces modifications à vous touchaient les mêmes éléments et ont été mises de "
        "côté : {edits}. Refaites-les si besoin.",
        "Reloaded. These changes of yours touched the same items and were set aside: {edits}. Redo them if needed.",
    ),
    "msg.create-needs": (
        "Indiquez un dossier et un titre pour le nouveau référentiel.",
        "Give a folder and a title for the new framework.",
    ),
    "msg.need-title": ("Écrivez d'abord un intitulé.", "Write a title first."),
    "msg.pick-card": ("Choisissez d'abord une carte.", "Pick a card first."),
    "msg.pick-item": ("Choisissez d'abord un élément.", "Pick an item first."),
    "msg.relation-to-itself": (
        "Une compétence ne peut pas être reliée à elle-même : choisissez une autre compétence dans « Vers (B) ».",
        "A competency cannot be related to itself: choose another competency in “To (B)”.",
    ),
    "msg.pick-badge": ("Choisissez d'abord un badge.", "Pick a badge first."),
    "msg.need-badges": ("Choisissez au moins un badge.", "Choose at least one badge."),
    "msg.positions-saved": ("Position enregistrée : {id}", "Position saved: {id}"),
    "msg.done": ("Terminé : {what}", "Done: {what}"),
    "msg.merge-choose": (
        "Fusion : {n} modification(s) se contredisent ; choisissez pour chacune ci-dessous, rien n'est écrit avant.",
        "Merge: {n} change(s) contradict each other; choose for each one below, nothing is written before.",
    ),
    "msg.log-failed": (
        "Enregistré, mais l'historique n'a pas pu être complété : {error}",
        "Saved, but the history could not be written: {error}",
    ),
    "conflict.mine-everywhere": ("Garder ma version partout", "Keep my version everywhere"),
    "conflict.cancel": ("Plus tard", "Later"),
    "start.history": ("Historique des enregistrements", "History of saves"),
    "start.no-history": ("Aucun enregistrement dans l'historique pour l'instant.", "No save in the history yet."),
    "start.versions": ("Versions nommées", "Named versions"),
    "msg.pick-kit": ("Cochez au moins un support.", "Tick at least one kit."),
    "msg.export-needs": (
        "Indiquez une adresse de base, un dossier d'export et au moins une partie à exporter.",
        "Give a base URL, an export folder and at least one part to export.",
    ),
    "conflict.title": ("Modifications simultanées", "Simultaneous changes"),
    "conflict.body": (
        "Fichiers modifiés par un autre partenaire : {files}. Vos modifications non enregistrées : "
        "{edits}. Recharger = prendre leur version et réappliquer vos modifications qui ne se "
        "chevauchent pas ; Fusionner = tout garder, votre version l'emporte sur les éléments modifiés "
        "des deux côtés.",
        "Files changed by another partner: {files}. Your unsaved changes: {edits}. Reload = take "
        "their version and re-apply your changes that do not overlap; Merge = keep everything, "
        "your version wins on items changed on both sides.",
    ),
    "conflict.reload": ("Recharger", "Reload"),
    "conflict.merge": ("Fusionner", "Merge"),
    "conflict.reload-tip": (
        "Prendre leur version, réappliquer ce qui ne se chevauche pas",
        "Take their version, re-apply what does not overlap",
    ),
    "conflict.merge-tip": (
        "Tout garder ; ma version l'emporte en cas de chevauchement",
        "Keep everything; mine wins where both changed",
    ),
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
    "field.changed-by": ("Modifié en dernier par", "Last changed by"),
    "field.comments": ("Commentaires ({n})", "Comments ({n})"),
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
    "start.nb-01": (
        "atelier de co-conception (propositions, votes, statuts)",
        "co-design workshop (proposals, votes, statuses)",
    ),
    "start.nb-02": (
        "référentiel de compétences (hiérarchie, niveaux, relations, alignements)",
        "competency framework (hierarchy, levels, relations, alignments)",
    ),
    "start.nb-03": ("conception des badges, avec aperçu de l'image", "badge design, with image preview"),
    "start.nb-04": (
        "constellation : prérequis, « N parmi M », parcours",
        "constellation: prerequisites, 'N of M', pathways",
    ),
    "start.nb-05": (
        "analyse : tableaux, couverture, lacunes, parcours d'apprenant",
        "analysis: tables, coverage, gaps, learner routes",
    ),
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
    "workshop.pick-card": (
        "Cliquez sur une carte (liste ou graphe) pour la discuter.",
        "Click a card (list or graph) to discuss it.",
    ),
    "workshop.graph": (
        "Le référentiel en graphe (glissez une carte sur une compétence pour l'y regrouper)",
        "The framework as a graph (drag a card onto a competency to group it there)",
    ),
    # the workshop board's filters
    "board.filters": ("Filtrer le tableau", "Filter the board"),
    "board.status": ("Statut", "Status"),
    "board.status-all": ("Tous les statuts", "Every status"),
    "board.partner": ("Partenaire", "Partner"),
    "board.partner-all": ("Tous les partenaires", "Every partner"),
    "board.session": ("Séance", "Session"),
    "board.session-today": ("Aujourd'hui ({date})", "Today ({date})"),
    "board.session-all": ("Toutes les séances", "Every session"),
    "board.search": ("Chercher", "Search"),
    "board.search-placeholder": ("un mot de l'intitulé, un code…", "a word of the title, a code…"),
    "board.shown": ("Cartes affichées : {n} sur {total}", "Cards shown: {n} of {total}"),
    "board.none-today": (
        "Aucune carte proposée ou modifiée aujourd'hui : choisissez « Toutes les séances » pour voir les autres.",
        "No card proposed or changed today: choose 'Every session' to see the others.",
    ),
    # grouped problem lists (widgets/problems.py)
    "problems.jump": ("Voir l'élément", "Show the item"),
    "problems.jump-tip": ("Ouvrir l'élément du problème choisi", "Open the item of the chosen problem"),
    # framework editor
    "fw.title": ("Référentiel de compétences", "Competency framework"),
    "fw.filter": ("Filtrer…", "Filter…"),
    "fw.pick": ("Choisissez une compétence dans l'arbre.", "Pick a competency in the tree."),
    "fw.title-fr": ("Intitulé (fr)", "Title (fr)"),
    "fw.title-en": ("Intitulé (en)", "Title (en)"),
    "fw.description-fr": ("Description (fr)", "Description (fr)"),
    "fw.description-en": ("Description (en)", "Description (en)"),
    "fw.kind": ("Nature", "Kind"),
    "fw.parent": ("Parent", "Parent"),
    "fw.code": ("Code", "Code"),
    "fw.save": ("Enregistrer", "Save"),
    "fw.remove": ("Supprimer", "Delete"),
    "fw.new-title": ("Nouvelle", "New"),
    "fw.add-child": ("Ajouter dessous", "Add below"),
    "fw.add-root": ("Ajouter au premier niveau", "Add at top level"),
    "fw.tab-competency": ("Compétence", "Competency"),
    "fw.tab-levels": ("Niveaux", "Levels"),
    "fw.tab-relations": ("Relations", "Relations"),
    "fw.tab-alignments": ("Alignements", "Alignments"),
    "fw.level-id": ("Identifiant", "Id"),
    "fw.level-name": ("Nom", "Name"),
    "fw.level-descriptor": ("Ce qu'on observe", "What it looks like"),
    "fw.add-level": ("Ajouter le niveau", "Add the level"),
    "fw.remove-level": ("Retirer le niveau", "Remove the level"),
    "fw.relation-type": ("Type", "Type"),
    "fw.relation-target": ("Vers (B)", "To (B)"),
    "fw.relation-note": ("Note", "Note"),
    "fw.add-relation": ("Ajouter la relation", "Add the relation"),
    "fw.remove-relation": ("Retirer la relation", "Remove the relation"),
    "fw.alignment-framework": ("Référentiel", "Framework"),
    "fw.alignment-name": ("Intitulé visé", "Target name"),
    "fw.alignment-url": ("Adresse (URL)", "Address (URL)"),
    "fw.alignment-code": ("Code", "Code"),
    "fw.add-alignment": ("Ajouter l'alignement", "Add the alignment"),
    "fw.remove-alignment": ("Retirer l'alignement", "Remove the alignment"),
    "msg.alignment-needs": (
        "Un alignement a besoin d'un référentiel et d'un intitulé.",
        "An alignment needs a framework and a target name.",
    ),
    "ckind.skill": ("Savoir-faire", "Skill"),
    "ckind.knowledge": ("Savoir", "Knowledge"),
    "ckind.attitude": ("Savoir-être", "Attitude"),
    "ckind.experiential": ("Expérience", "Experience"),
    "ckind.domain": ("Domaine", "Domain"),
    "rel.isChildOf": ("sous-élément de", "child of"),
    "rel.isPartOf": ("composante de", "part of"),
    "rel.precedes": ("précède", "precedes"),
    "rel.exactMatchOf": ("identique à", "exact match of"),
    "rel.isRelatedTo": ("liée à", "related to"),
    "rel.replacedBy": ("remplacée par", "replaced by"),
    "rel.exemplar": ("exemple de", "exemplar of"),
    "rel.hasSkillLevel": ("a pour niveau", "has skill level"),
    "rel.isTranslationOf": ("traduction de", "translation of"),
    "rel.isPeerOf": ("pair de", "peer of"),
    # badge designer
    "badge.title": ("Conception des badges", "Badge designer"),
    "badge.choose": ("Badge", "Badge"),
    "badge.new-name": ("Nouveau badge", "New badge"),
    "badge.create": ("Créer", "Create"),
    "badge.none": ("Aucun badge : créez-en un.", "No badge: create one."),
    "badge.name-fr": ("Nom (fr)", "Name (fr)"),
    "badge.name-en": ("Nom (en)", "Name (en)"),
    "badge.description-fr": ("Description (fr)", "Description (fr)"),
    "badge.description-en": ("Description (en)", "Description (en)"),
    "badge.category": ("Catégorie", "Category"),
    "badge.level": ("Niveau", "Level"),
    "badge.no-level": ("(sans niveau)", "(no level)"),
    "badge.issuer": ("Émetteur", "Issuer"),
    "badge.no-issuer": ("(aucun)", "(none)"),
    "badge.narrative-fr": ("Critères (fr)", "Criteria (fr)"),
    "badge.narrative-en": ("Critères (en)", "Criteria (en)"),
    "badge.observables": ("Observables", "Observables"),
    "badge.observables-placeholder": ("Un observable par ligne", "One observable per line"),
    "badge.requires": ("Prérequis", "Requires"),
    "badge.no-requirement": ("Aucun prérequis.", "No prerequisite."),
    "badge.competency-filter": ("Chercher une compétence…", "Search a competency…"),
    "badge.save": ("Enregistrer le badge", "Save the badge"),
    "badge.tab-form": ("Fiche", "Form"),
    "badge.tab-criteria": ("Critères", "Criteria"),
    "badge.tab-competencies": ("Compétences", "Competencies"),
    "badge.tab-image": ("Image", "Image"),
    "badge.family": ("La famille du badge", "The badge's family"),
    "badge.preview-failed": ("Aperçu impossible : {error}", "Cannot preview: {error}"),
    "category.competency": ("Compétence", "Competency"),
    "category.participation": ("Participation", "Participation"),
    "category.engagement": ("Engagement", "Engagement"),
    "category.experiential": ("Expérience", "Experience"),
    "image.shape": ("Forme", "Shape"),
    "image.palette": ("Palette", "Palette"),
    "image.pictogram": ("Pictogramme", "Pictogram"),
    "image.background": ("Fond", "Background"),
    "image.foreground": ("Premier plan", "Foreground"),
    "image.accent": ("Accent", "Accent"),
    "image.border": ("Bordure", "Border"),
    "image.border-none": ("aucune", "none"),
    "image.border-thin": ("fine", "thin"),
    "image.border-thick": ("épaisse", "thick"),
    "image.border-double": ("double", "double"),
    "image.title": ("Texte de l'image", "Text on the image"),
    "image.subtitle": ("Sous-titre", "Subtitle"),
    "image.automatic": ("(automatique : {value})", "(automatic: {value})"),
    "image.alt": ("Texte alternatif :", "Alternative text:"),
    "image.alt-fr": ("Texte alternatif (fr)", "Alternative text (fr)"),
    "image.alt-placeholder": (
        "Laisser vide pour la description automatique",
        "Leave empty for the automatic description",
    ),
    "image.upload": ("Image PNG ou SVG", "PNG or SVG image"),
    "image.upload-path": ("Image déposée", "Uploaded image"),
    "image.remove-upload": ("Revenir au dessin", "Back to the drawing"),
    "image.uploaded": (
        "Image acceptée ({path}) ; enregistrez le badge pour la garder.",
        "Image accepted ({path}); save the badge to keep it.",
    ),
    "image.upload-refused": ("Image refusée : {error}", "Image refused: {error}"),
    "image.apply-fix": ("Appliquer la couleur proposée", "Apply the proposed colour"),
    "badge.sheet": ("Planche de tous les badges", "Contact sheet of every badge"),
    "badge.open": ("Ouvrir", "Open"),
    # constellation
    "const.title": ("Constellation des badges", "Badge constellation"),
    "const.pick": (
        "Cliquez sur un badge pour le choisir ; glissez-le pour le placer.",
        "Click a badge to choose it; drag it to place it.",
    ),
    "const.milestone": ("Badge jalon (couronne un parcours)", "Milestone badge (crowns a pathway)"),
    "const.prerequisite": ("Prérequis", "Prerequisite"),
    "const.add-prerequisite": ("Ajouter ce prérequis", "Add this prerequisite"),
    "const.group-heading": ("« N parmi M » : au choix parmi plusieurs badges", "'N of M': any N of several badges"),
    "const.group-badges": ("Badges", "Badges"),
    "const.group-count": ("N =", "N ="),
    "const.add-group": ("Ajouter « N parmi »", "Add 'N of'"),
    "const.clear": ("Retirer tous les prérequis", "Remove all prerequisites"),
    "const.needed-by": ("Ouvre vers", "Leads to"),
    "const.moved": ("déplacement de {ids}", "moved {ids}"),
    "const.pathways": ("Parcours", "Pathways"),
    "const.pathway": ("Parcours", "Pathway"),
    "const.no-pathway": ("(aucun)", "(none)"),
    "const.problems": ("Problèmes", "Problems"),
    "const.no-problem": ("Aucun problème.", "No problems."),
    "const.filter-pathways": ("Parcours", "Pathways"),
    "const.filter-territories": ("Territoires", "Territories"),
    "const.filter-partners": ("Partenaires", "Partners"),
    "const.filter-categories": ("Catégories", "Categories"),
    "const.filter-levels": ("Niveaux", "Levels"),
    "const.filter-statuses": ("Statuts", "Statuses"),
    "const.clear-filters": ("Tout afficher", "Show everything"),
    "const.focus": ("Voisinage du badge choisi", "Selected badge's neighbourhood"),
    "const.focus-steps": ("Pas :", "Steps:"),
    "const.search": ("Chercher un badge", "Find a badge"),
    "const.shown": ("{shown} badges affichés sur {total}", "{shown} of {total} badges shown"),
    "const.zoom-in": ("Zoomer", "Zoom in"),
    "const.zoom-out": ("Dézoomer", "Zoom out"),
    "const.fit": ("Voir toute la constellation", "Show the whole constellation"),
    "msg.const-not-found": ("Aucun badge ne s'appelle « {query} ».", "No badge is called '{query}'."),
    # analysis
    "analysis.title": ("Analyse", "Analysis"),
    "analysis.tab-tables": ("Tableaux", "Tables"),
    "analysis.tab-coverage": ("Couverture", "Coverage"),
    "analysis.tab-gaps": ("Lacunes", "Gaps"),
    "analysis.tab-routes": ("Apprenant", "Learner"),
    "analysis.draw-heatmap": ("Dessiner la carte de couverture", "Draw the coverage map"),
    "analysis.heatmap": ("Compétences reconnues par chaque badge", "Competencies recognised by each badge"),
    "analysis.gap-competencies": (
        "Compétences qu'aucun badge ne reconnaît ({n})",
        "Competencies no badge recognises ({n})",
    ),
    "analysis.gap-badges": ("Badges sans compétence ({n})", "Badges without competencies ({n})"),
    "analysis.gap-partners": (
        "Partenaires qui n'émettent ni ne soutiennent aucun badge ({n})",
        "Partners who neither issue nor endorse a badge ({n})",
    ),
    "analysis.tab-compare": ("Comparer", "Compare"),
    "analysis.compare-version": ("Version nommée", "Named version"),
    "analysis.compare-none": ("(choisir une version)", "(choose a version)"),
    "analysis.compare-folder": ("ou un autre dossier", "or another folder"),
    "analysis.compare-folder-placeholder": ("frameworks/autre-referentiel", "frameworks/other-framework"),
    "analysis.compare": ("Comparer avec le référentiel ouvert", "Compare with the open framework"),
    "analysis.compare-pick": (
        "Choisissez une version nommée ou indiquez un dossier.",
        "Choose a named version or give a folder.",
    ),
    "analysis.table-competencies": ("Compétences", "Competencies"),
    "analysis.table-badges": ("Badges", "Badges"),
    "analysis.table-partners": ("Partenaires", "Partners"),
    "analysis.table-coverage": ("Couverture par niveau", "Coverage by level"),
    "analysis.table-contribution": ("Contribution des partenaires", "Contribution of partners"),
    "analysis.table-territories": ("Contribution des territoires", "Contribution of territories"),
    "analysis.table-centrality": ("Compétences les plus utilisées", "Most used competencies"),
    "analysis.gap-unreached": ("Badges hors de tout parcours ({n})", "Badges no pathway reaches ({n})"),
    "analysis.gap-duplicates": ("Badges en double ({n})", "Duplicate badges ({n})"),
    "analysis.held": ("Badges obtenus", "Badges held"),
    "analysis.held-help": (
        "Choisissez les badges qu'une personne a déjà (Ctrl ou Maj pour en choisir plusieurs), puis un objectif.",
        "Choose the badges a person already holds (Ctrl or Shift to choose several), then a goal.",
    ),
    "analysis.target": ("Objectif", "Goal"),
    "analysis.no-target": ("(aucun objectif)", "(no goal)"),
    "analysis.within-reach": ("À portée maintenant ({n})", "Within reach now ({n})"),
    "analysis.open": ("Ouverts à tous, sans prérequis ({n})", "Open to anyone, no prerequisite ({n})"),
    "analysis.pick-target": (
        "Choisissez un objectif pour voir les chemins les plus courts.",
        "Choose a goal to see the shortest routes.",
    ),
    "analysis.no-route": ("Aucun chemin possible vers cet objectif.", "No possible route to this goal."),
    "analysis.routes-to": ("Chemins les plus courts vers « {name} »", "Shortest routes to '{name}'"),
    "analysis.route-length": ("{n} badge(s) :", "{n} badge(s):"),
    "analysis.progress": ("Avancement dans chaque parcours", "Progress in each pathway"),
    # export
    "export.title": ("Export", "Export"),
    "export.base-url": ("Adresse de base", "Base URL"),
    "export.base-url-placeholder": ("https://badges.exemple.org", "https://badges.example.org"),
    "export.save-url": ("Enregistrer l'adresse", "Save the address"),
    "export.check": ("Vérifier", "Check"),
    "export.ready": ("Prêt à exporter ({w} point(s) d'attention).", "Ready to export ({w} warning(s))."),
    "export.not-ready": ("{n} erreur(s) à corriger avant l'export.", "{n} error(s) to fix before exporting."),
    "export.exports": ("Exports", "Exports"),
    "export.part-ob2": ("Open Badges 2.0", "Open Badges 2.0"),
    "export.part-ob3": ("Open Badges 3.0", "Open Badges 3.0"),
    "export.part-case": ("CASE (référentiel)", "CASE (framework)"),
    "export.part-site": ("Site des badges", "Badge site"),
    "export.include-unadopted": (
        "Inclure les badges pas encore adoptés (pour relecture)",
        "Include badges not adopted yet (for review)",
    ),
    "export.folder": ("Dossier d'export", "Export folder"),
    "export.run": ("Exporter", "Export"),
    "export.failed": ("Export impossible : {error}", "Cannot export: {error}"),
    "export.done": (
        "{n} fichiers écrits dans {folder} ; vérification : {e} erreur(s), {w} point(s) d'attention.",
        "{n} files written to {folder}; check: {e} error(s), {w} warning(s).",
    ),
    "export.zip-framework": ("Préparer le référentiel en zip", "Prepare the framework as a zip"),
    "export.download": ("Télécharger {name}", "Download {name}"),
    # materials
    "materials.title": ("Supports imprimables", "Printable materials"),
    "materials.kits": ("Que faut-il imprimer ?", "What to print?"),
    "materials.kit-deck": (
        "Jeu de cartes des badges (recto verso, traits de coupe)",
        "Badge card deck (duplex, cut marks)",
    ),
    "materials.kit-cards": ("Cartes compétences pour le tri", "Competency cards for card sorting"),
    "materials.kit-canvas": (
        "Canevas de conception de badge (vierge et pré-remplis)",
        "Badge design canvas (blank and pre-filled)",
    ),
    "materials.kit-poster": ("Affiche de la constellation (A3 ou A2)", "Constellation poster (A3 or A2)"),
    "materials.kit-runsheet": ("Déroulé de l'atelier pour l'animateur", "Facilitator run-sheet"),
    "materials.kit-partners": ("Fiche par partenaire", "Summary per partner"),
    "materials.language": ("Langue des supports", "Language of the materials"),
    "materials.generate": ("Préparer les supports", "Prepare the materials"),
    "materials.failed": ("Supports impossibles à préparer : {error}", "Cannot prepare the materials: {error}"),
    "materials.all": ("Tout télécharger ({n} fichiers, zip)", "Download everything ({n} files, zip)"),
    "materials.sheets": ("Tableur partenaire : aller-retour", "Partner spreadsheet: round trip"),
    "materials.sheets-help": (
        "Téléchargez le modèle d'un partenaire, faites-le remplir, puis déposez-le : vous verrez ce qu'il "
        "changerait avant de l'appliquer.",
        "Download a partner's template, have it filled in, then upload it: you will see what it would "
        "change before applying it.",
    ),
    "materials.partner": ("Partenaire", "Partner"),
    "materials.any-partner": ("(tous)", "(all)"),
    "materials.template": ("Télécharger le modèle xlsx", "Download the xlsx template"),
    "materials.upload": ("Déposer le tableur rempli", "Upload the filled sheet"),
    "materials.apply": ("Appliquer ces changements", "Apply these changes"),
    "materials.applied": ("{n} ligne(s) du tableur appliquée(s)", "{n} sheet row(s) applied"),
    "materials.sheet-refused": ("Tableur « {name} » refusé : {error}", "Sheet '{name}' refused: {error}"),
    "materials.sheet-added": ("Ajouts ({n})", "Added ({n})"),
    "materials.sheet-changed": ("Modifications ({n})", "Changed ({n})"),
    "materials.sheet-conflicts": ("Conflits, non appliqués ({n})", "Conflicts, not applied ({n})"),
    "materials.sheet-rejected": ("Lignes refusées ({n})", "Rejected rows ({n})"),
    "materials.sheet-unchanged": ("Lignes sans changement : {n}", "Rows without change: {n}"),
    # verify (for employers)
    "start.nb-08": ("vérifier un badge reçu (pour les employeurs)", "verify a badge you received (for employers)"),
    "msg.verify-needs": (
        "Déposez l'image du badge (ou son fichier), ou collez le lien du badge publié, puis cliquez sur « Vérifier ».",
        "Drop the badge image (or its file), or paste the link to the published badge, then click 'Verify'.",
    ),
    "verify.title": ("Vérifier un badge", "Verify a badge"),
    "verify.intro": (
        "Un Open Badge est une attestation numérique : l'image du badge contient, cachée, la preuve de qui l'a "
        "délivré, à qui et pour quoi. Déposez l'image reçue (PNG ou SVG) ou le fichier du badge, ou collez son lien.",
        "An Open Badge is a digital certificate: the badge image holds, hidden, the proof of who issued it, to "
        "whom and for what. Drop the image you received (PNG or SVG) or the badge file, or paste its link.",
    ),
    "verify.upload": ("Déposer l'image ou le fichier du badge", "Drop the badge image or file"),
    "verify.link": ("Ou le lien du badge publié", "Or the link to the published badge"),
    "verify.link-placeholder": (
        "https://… /ob3/credentials/….json, ou le chemin d'un fichier",
        "https://… /ob3/credentials/….json, or a file path",
    ),
    "verify.identity": ("Courriel de la personne (facultatif)", "The person's e-mail (optional)"),
    "verify.identity-placeholder": (
        "pour vérifier que ce badge est bien à cette personne",
        "to check that this badge is this person's",
    ),
    "verify.folder": ("Dossier de l'export (facultatif)", "Export folder (optional)"),
    "verify.offline": (
        "Hors ligne (ne rien chercher sur Internet)",
        "Offline (fetch nothing from the Internet)",
    ),
    "verify.run": ("Vérifier", "Verify"),
    "verify.details": ("Détail des vérifications", "Detailed checks"),
    "verify.link-offline": (
        "Le lien « {source} » ne peut pas être lu hors ligne : décochez « Hors ligne », ou déposez le fichier du badge.",
        "The link '{source}' cannot be read offline: untick 'Offline', or drop the badge file.",
    ),
    "verify.link-failed": (
        "Le lien « {source} » n'a pas pu être lu ({error}) : vérifiez l'adresse, ou déposez le fichier du badge.",
        "The link '{source}' could not be read ({error}): check the address, or drop the badge file.",
    ),
    "verify.link-missing": (
        "Le lien « {source} » est à l'adresse de l'export {folder}, mais ce fichier n'y est pas : vérifiez le lien "
        "ou le dossier de l'export.",
        "The link '{source}' is at the address of the export {folder}, but that file is not in it: check the link "
        "or the export folder.",
    ),
    "verify.path-failed": (
        "Le fichier « {source} » n'a pas pu être lu ({error}) : vérifiez le chemin, ou déposez le fichier.",
        "The file '{source}' could not be read ({error}): check the path, or drop the file.",
    ),
    "verify.image-alt": ("Image du badge « {name} »", "Image of the badge '{name}'"),
    "verify.certifies": ("Ce badge certifie", "This badge certifies"),
    "verify.claims": ("Ce badge affirme certifier", "This badge claims to certify"),
    "verify.unconfirmed": (
        "Ce badge n'est pas confirmé (voir ci-dessus) : voici ce qu'il affirme, à ne pas prendre pour acquis.",
        "This badge is not confirmed (see above): here is what it claims, not to be taken for granted.",
    ),
    "verify.issued-by": ("Délivré par", "Issued by"),
    "verify.issued-on": ("Délivré le", "Issued on"),
    "verify.valid-until": ("Valable jusqu'au", "Valid until"),
    "verify.no-end": ("Sans date de fin de validité", "No end of validity"),
    "verify.identity-yes": ("Ce badge a bien été délivré à {email}.", "This badge was indeed issued to {email}."),
    "verify.identity-no": (
        "Ce badge n'a pas été délivré à {email} (ou à une autre adresse de cette personne).",
        "This badge was not issued to {email} (or to another address of this person).",
    ),
    "verify.recipient-hidden": (
        "Le nom de la personne n'est pas écrit dans le badge (il est protégé) : saisissez son courriel ci-dessus "
        "pour vérifier que ce badge est bien à elle.",
        "The person's name is not written in the badge (it is protected): type their e-mail above to check "
        "that this badge is theirs.",
    ),
    "verify.criteria": ("Ce qu'il a fallu montrer pour l'obtenir", "What had to be shown to earn it"),
    "verify.competencies": ("Compétences reconnues", "Competencies recognised"),
    "verify.endorsers": (
        "Partenaires et employeurs qui soutiennent ce badge",
        "Partners and employers who endorse this badge",
    ),
    "verify.endorsements-from": (
        "D’après le badge publié à {where} (le fichier du badge n’en contient pas) :",
        "According to the badge published at {where} (the badge file itself holds none):",
    ),
    "verify.endorsement-signed": ("soutien signé", "signed endorsement"),
    "verify.endorsement-unsigned": ("soutien non signé", "unsigned endorsement"),
    "verify.about-open-badges": (
        "Open Badges {version} : une norme ouverte (1EdTech) ; les références ROME (France Travail), ESCO "
        "(Commission européenne) et CléA sont des référentiels publics de métiers et de compétences.",
        "Open Badges {version}: an open standard (1EdTech); the ROME (France Travail), ESCO (European "
        "Commission) and CléA references are public catalogues of jobs and skills.",
    ),
    "verify.check-readable": ("Lecture du fichier", "Reading the file"),
    "verify.check-proof": ("Signature du badge", "The badge's signature"),
    "verify.check-issuer-key": ("Clé de l'émetteur", "The issuer's key"),
    "verify.check-dates": ("Dates de validité", "Validity dates"),
    "verify.check-status": ("Révocation", "Revocation"),
    "verify.check-schema": ("Format Open Badges", "Open Badges format"),
    "verify.check-identity": ("Titulaire", "Holder"),
    "verify.check-hosted": ("Copie publiée par l'émetteur", "Copy published by the issuer"),
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
        raise MissingLabel(
            f"No label {key!r}: add it to badgeworkbench/widgets/i18n.py in French and English."
        ) from None
    template = entry.get(lang) or entry["fr"]
    return template.format(**values) if values else template


def error_text(error: BaseException, lang: str) -> str:
    """What a panel says about ``error`` in ``lang``: the error's own sentence in that language when it
    has one (:meth:`badgeworkbench.errors.BadgeWorkbenchError.text`), else its one sentence."""
    text = getattr(error, "text", None)
    return text(lang) if callable(text) else str(error)


def localized(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """``values`` with each error replaced by its sentence in ``lang`` (messages keep the error itself,
    so that they follow a language change)."""
    return {k: error_text(v, lang) if isinstance(v, BaseException) else v for k, v in values.items()}
