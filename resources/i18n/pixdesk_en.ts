<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CompetenceCard</name>
    <message numerus="yes">
        <location filename="../../ui/learner/competence_card.py" line="115"/>
        <source>Level %n</source>
        <translation>
            <numerusform>Level %n</numerusform>
            <numerusform>Level %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/competence_card.py" line="116"/>
        <source>%n pix</source>
        <translation>
            <numerusform>%n pix</numerusform>
            <numerusform>%n pix</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomeHeader</name>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="143"/>
        <source>Total: %n pix</source>
        <translation>
            <numerusform>Total: %n pix</numerusform>
            <numerusform>Total: %n pix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="145"/>
        <source>Certifiable: %n competences at level 1 or more</source>
        <translation>
            <numerusform>Certifiable: %n competence at level 1 or more</numerusform>
            <numerusform>Certifiable: %n competences at level 1 or more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="148"/>
        <source>Not certifiable yet: reach level 1 in %n more competence(s)</source>
        <translation>
            <numerusform>Not certifiable yet: reach level 1 in %n more competence</numerusform>
            <numerusform>Not certifiable yet: reach level 1 in %n more competences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PacksWindow</name>
    <message numerus="yes">
        <location filename="../../ui/packs_window.py" line="97"/>
        <source>%n pack(s) installed</source>
        <translation>
            <numerusform>%n pack installed</numerusform>
            <numerusform>%n packs installed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="335"/>
        <source>Type a name of 1 to %n characters.</source>
        <translation>
            <numerusform>Type a name of 1 to %n characters.</numerusform>
            <numerusform>Type a name of 1 to %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="359"/>
        <source>Wrong PIN. %n tries left before a short lock.</source>
        <translation>
            <numerusform>Wrong PIN. %n try left before a short lock.</numerusform>
            <numerusform>Wrong PIN. %n tries left before a short lock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="360"/>
        <source>Wrong password. %n tries left before a short lock.</source>
        <translation>
            <numerusform>Wrong password. %n try left before a short lock.</numerusform>
            <numerusform>Wrong password. %n tries left before a short lock.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="158"/>
        <source>%n pix</source>
        <translation>
            <numerusform>%n pix</numerusform>
            <numerusform>%n pix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="170"/>
        <source>Level %n</source>
        <translation>
            <numerusform>Level %n</numerusform>
            <numerusform>Level %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="178"/>
        <source>You answered %n question(s)</source>
        <translation>
            <numerusform>You answered %n question</numerusform>
            <numerusform>You answered %n questions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="180"/>
        <source>%n right</source>
        <translation>
            <numerusform>%n right</numerusform>
            <numerusform>%n right</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SkillList</name>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="95"/>
        <source>Skills validated (%n)</source>
        <translation>
            <numerusform>Skills validated (%n)</numerusform>
            <numerusform>Skills validated (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="97"/>
        <source>Skills to work on (%n)</source>
        <translation>
            <numerusform>Skills to work on (%n)</numerusform>
            <numerusform>Skills to work on (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusView</name>
    <message numerus="yes">
        <location filename="../../ui/learner/status_bar.py" line="97"/>
        <source>%n result(s) waiting to be sent</source>
        <translation>
            <numerusform>%n result waiting to be sent</numerusform>
            <numerusform>%n results waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/status_bar.py" line="99"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n refused by the server</numerusform>
            <numerusform>%n refused by the server</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TutorialList</name>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="152"/>
        <source>Recommended tutorials (%n)</source>
        <translation>
            <numerusform>Recommended tutorials (%n)</numerusform>
            <numerusform>Recommended tutorials (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="164"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
</context>
</TS>
