<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>PacksWindow</name>
    <message>
        <location filename="../../ui/packs_window.py" line="44" />
        <source>PixDesk — content packs</source>
        <translation>PixDesk — paquets de contenu</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="47" />
        <source>Content packs installed on this computer</source>
        <translation>Paquets de contenu installés sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="51" />
        <source>Pack</source>
        <translation>Paquet</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="51" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="51" />
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="51" />
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="51" />
        <source>Expires</source>
        <translation>Expire le</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="56" />
        <source>Installed content packs</source>
        <translation>Paquets de contenu installés</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="57" />
        <source>No pack installed yet. Import a .pixpack file to start.</source>
        <translation>Aucun paquet installé pour l'instant. Importez un fichier .pixpack pour commencer.</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="58" />
        <source>&amp;Import a pack…</source>
        <translation>&amp;Importer un paquet…</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="59" />
        <source>Choose a .pixpack file to verify and install</source>
        <translation>Choisir un fichier .pixpack à vérifier et installer</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="82" />
        <source>practice</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="82" />
        <source>certification</source>
        <translation>certification</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/packs_window.py" line="92" />
        <source>%n pack(s) installed</source>
        <translation>
            <numerusform>%n paquet installé</numerusform>
            <numerusform>%n paquets installés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="97" />
        <source>PixDesk</source>
        <translation>PixDesk</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="101" />
        <source>Import a content pack</source>
        <translation>Importer un paquet de contenu</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="101" />
        <source>PixDesk packs (*.pixpack)</source>
        <translation>Paquets PixDesk (*.pixpack)</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="126" />
        <source>Pack refused</source>
        <translation>Paquet refusé</translation>
    </message>
</context>
</TS>