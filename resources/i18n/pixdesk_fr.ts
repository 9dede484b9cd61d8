<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CheckpointView</name>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="125"/>
        <source>Right ✓</source>
        <translation>Bonne réponse ✓</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="126"/>
        <source>Wrong ✗</source>
        <translation>Mauvaise réponse ✗</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="127"/>
        <source>Skipped –</source>
        <translation>Passée –</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="128"/>
        <source>Too late ⏱ (right, but after the time)</source>
        <translation>Trop tard ⏱ (bonne réponse, mais hors délai)</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="129"/>
        <source>Right ✓, but you left the window during this question</source>
        <translation>Bonne réponse ✓, mais vous avez quitté la fenêtre pendant cette question</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="133"/>
        <source>Correction of your last answers</source>
        <translation>Correction de vos dernières réponses</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="135"/>
        <source>{right} right out of {count}.</source>
        <translation>Bonnes réponses : {right} sur {count}.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="142"/>
        <source>Question {number}: {text}</source>
        <translation>Question {number} : {text}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="148"/>
        <source>Your answer: {answer}</source>
        <translation>Votre réponse : {answer}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="150"/>
        <source>You did not answer.</source>
        <translation>Vous n’avez pas répondu.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="155"/>
        <source>Expected answer: {answer}</source>
        <translation>Réponse attendue : {answer}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="163"/>
        <source>&amp;Continue</source>
        <translation>&amp;Continuer</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="164"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="166"/>
        <source>Go on to the next question (Enter). {summary}</source>
        <translation>Passer à la question suivante (Entrée). {summary}</translation>
    </message>
</context>
<context>
    <name>ChooseSecretForm</name>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="400"/>
        <source>This profile has no PIN or password yet. Choose one: you will need it to open your profile.</source>
        <translation>Ce profil n’a pas encore de code PIN ni de mot de passe. Choisissez-en un : il vous servira à ouvrir votre profil.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="403"/>
        <source>&amp;Save and sign in</source>
        <translation>&amp;Enregistrer et se connecter</translation>
    </message>
</context>
<context>
    <name>CompetenceCard</name>
    <message numerus="yes">
        <location filename="../../ui/learner/competence_card.py" line="115"/>
        <source>Level %n</source>
        <translation>
            <numerusform>Niveau %n</numerusform>
            <numerusform>Niveau %n</numerusform>
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
    <message>
        <location filename="../../ui/learner/competence_card.py" line="120"/>
        <source>Highest level reached</source>
        <translation>Niveau maximal atteint</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="124"/>
        <source>{done} / {total} pix to level {level}</source>
        <translation>{done} / {total} pix vers le niveau {level}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="128"/>
        <source>Progress to the next level</source>
        <translation>Progression vers le niveau suivant</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="132"/>
        <source>No questions for this competence in the installed content yet</source>
        <translation>Pas encore de questions pour cette compétence dans le contenu installé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="134"/>
        <source>In progress: continue where you left off</source>
        <translation>En cours : reprenez là où vous en étiez</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="135"/>
        <source>Status: {status}</source>
        <translation>Statut : {status}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="138"/>
        <source>Continue</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="139"/>
        <source>Continue competence {name}</source>
        <translation>Reprendre la compétence {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="141"/>
        <source>Start</source>
        <translation>Commencer</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="142"/>
        <source>Start competence {name}</source>
        <translation>Commencer la compétence {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="143"/>
        <source>Improve</source>
        <translation>Retenter</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="144"/>
        <source>Improve competence {name}</source>
        <translation>Retenter la compétence {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="145"/>
        <source>Reset</source>
        <translation>Remettre à zéro</translation>
    </message>
    <message>
        <location filename="../../ui/learner/competence_card.py" line="146"/>
        <source>Reset competence {name}</source>
        <translation>Remettre à zéro la compétence {name}</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../../ui/learner/countdown.py" line="100"/>
        <source>Time is up.</source>
        <translation>Le temps est écoulé.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="110"/>
        <location filename="../../ui/learner/countdown.py" line="123"/>
        <source>Time is up</source>
        <translation>Temps écoulé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="112"/>
        <source>Time left: {time}</source>
        <translation>Temps restant : {time}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="130"/>
        <source>{minutes} min {seconds} s left</source>
        <translation>Il reste {minutes} min {seconds} s</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="132"/>
        <source>{minutes} min left</source>
        <translation>Il reste {minutes} min</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="133"/>
        <source>{seconds} s left</source>
        <translation>Il reste {seconds} s</translation>
    </message>
    <message>
        <location filename="../../ui/learner/countdown.py" line="141"/>
        <location filename="../../ui/learner/countdown.py" line="142"/>
        <source>Time left</source>
        <translation>Temps restant</translation>
    </message>
</context>
<context>
    <name>EndView</name>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="289"/>
        <source>Your answers are recorded.</source>
        <translation>Vos réponses sont enregistrées.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="291"/>
        <source>Questions answered: {count}</source>
        <translation>Questions traitées : {count}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="292"/>
        <source>Right answers: {count}</source>
        <translation>Bonnes réponses : {count}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="295"/>
        <source>The test was stopped before the end.</source>
        <translation>Le test a été arrêté avant la fin.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="298"/>
        <source>Competence {code}: level {level} ({pix} pix)</source>
        <translation>Compétence {code} : niveau {level} ({pix} pix)</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="305"/>
        <source>Test finished</source>
        <translation>Test terminé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="307"/>
        <source>&amp;See my results</source>
        <translation>&amp;Voir mes résultats</translation>
    </message>
</context>
<context>
    <name>FieldInputs</name>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="239"/>
        <source>Your answer</source>
        <translation>Votre réponse</translation>
    </message>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="243"/>
        <source>(choose)</source>
        <translation>(choisir)</translation>
    </message>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="244"/>
        <source>Choose one of the options in the list</source>
        <translation>Choisissez une des options de la liste</translation>
    </message>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="246"/>
        <source>Type a number</source>
        <translation>Saisissez un nombre</translation>
    </message>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="248"/>
        <source>Type your answer</source>
        <translation>Saisissez votre réponse</translation>
    </message>
</context>
<context>
    <name>FocusedWarningView</name>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="256"/>
        <source>Focused question</source>
        <translation>Question en mode focus</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="259"/>
        <source>This question is focused: stay in this window until you answer. Leaving it (another window, another application) will be recorded.</source>
        <translation>Cette question est en mode focus : restez dans cette fenêtre jusqu’à ce que vous ayez répondu. Si vous la quittez (pour une autre fenêtre, une autre application), ce sera enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/checkpoint_view.py" line="263"/>
        <source>&amp;Start the question</source>
        <translation>&amp;Commencer la question</translation>
    </message>
</context>
<context>
    <name>HomeHeader</name>
    <message>
        <location filename="../../ui/learner/home_header.py" line="125"/>
        <source>Hello, {name}!</source>
        <translation>Bonjour {name} !</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="125"/>
        <source>Hello!</source>
        <translation>Bonjour !</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="128"/>
        <source>Loading your progress…</source>
        <translation>Chargement de votre progression…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="135"/>
        <source>Great progress: you can take a certification whenever you feel ready.</source>
        <translation>Beaux progrès : vous pouvez passer une certification quand vous le souhaitez.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="137"/>
        <source>Nice work! Each evaluation shows you what to learn next.</source>
        <translation>Beau travail ! Chaque évaluation vous montre ce que vous pouvez apprendre ensuite.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="140"/>
        <source>Welcome! Pick any competence below to begin: there is no wrong place to start.</source>
        <translation>Bienvenue ! Choisissez la compétence que vous voulez ci-dessous : toutes sont un bon point de départ.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="143"/>
        <source>Total: %n pix</source>
        <translation>
            <numerusform>Total : %n pix</numerusform>
            <numerusform>Total : %n pix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="145"/>
        <source>Certifiable: %n competences at level 1 or more</source>
        <translation>
            <numerusform>Certifiable : %n compétence au niveau 1 ou plus</numerusform>
            <numerusform>Certifiable : %n compétences au niveau 1 ou plus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/home_header.py" line="148"/>
        <source>Not certifiable yet: reach level 1 in %n more competence(s)</source>
        <translation>
            <numerusform>Pas encore certifiable : atteignez le niveau 1 dans %n compétence de plus</numerusform>
            <numerusform>Pas encore certifiable : atteignez le niveau 1 dans %n compétences de plus</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="153"/>
        <source>Your badges</source>
        <translation>Vos badges</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="154"/>
        <source>No badge yet: finishing your first evaluation earns one.</source>
        <translation>Pas encore de badge : terminez votre première évaluation pour en gagner un.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="159"/>
        <source>Earned on {date}</source>
        <translation>Obtenu le {date}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="161"/>
        <source>Badge: {name}</source>
        <translation>Badge : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="163"/>
        <source>&amp;Campaign code:</source>
        <translation>&amp;Code de campagne :</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="164"/>
        <source>for example ABCDEF123</source>
        <translation>par exemple ABCDEF123</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="169"/>
        <source>Campaign code</source>
        <translation>Code de campagne</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="170"/>
        <source>&amp;Join</source>
        <translation>&amp;Rejoindre</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="171"/>
        <source>Join the campaign</source>
        <translation>Rejoindre la campagne</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="174"/>
        <source>Type the campaign code your teacher gave you, then choose Join.</source>
        <translation>Saisissez le code de campagne donné par votre enseignant, puis choisissez Rejoindre.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_header.py" line="176"/>
        <source>Campaigns are not available yet: ask your teacher again after the next update.</source>
        <translation>Les campagnes ne sont pas encore disponibles : redemandez à votre enseignant après la prochaine mise à jour.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../ui/learner/home_page.py" line="258"/>
        <source>Reset a competence</source>
        <translation>Remettre à zéro une compétence</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_page.py" line="260"/>
        <source>Reset {name}? Its pix and level go back to 0 and you can evaluate it again from the start.</source>
        <translation>Remettre à zéro la compétence {name} ? Ses pix et son niveau reviennent à 0 et vous pourrez l’évaluer à nouveau depuis le début.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_page.py" line="269"/>
        <source>Your competences</source>
        <translation>Vos compétences</translation>
    </message>
    <message>
        <location filename="../../ui/learner/home_page.py" line="270"/>
        <source>Home</source>
        <translation>Accueil</translation>
    </message>
</context>
<context>
    <name>LanguageChooser</name>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="61"/>
        <source>Welcome to PixDesk</source>
        <translation>Bienvenue dans PixDesk</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="63"/>
        <source>Choose your language. / Choisissez votre langue.</source>
        <translation>Choisissez votre langue. / Choose your language.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="67"/>
        <source>Français</source>
        <comment>language name, in French</comment>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="68"/>
        <source>Use PixDesk in French</source>
        <translation>Utiliser PixDesk en français</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="72"/>
        <source>English</source>
        <comment>language name, in English</comment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="73"/>
        <source>Use PixDesk in English</source>
        <translation>Utiliser PixDesk en anglais</translation>
    </message>
</context>
<context>
    <name>LearnerWindow</name>
    <message>
        <location filename="../../ui/learner/main_window.py" line="170"/>
        <source>Test in progress</source>
        <translation>Test en cours</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="171"/>
        <source>You have a test in progress. Your answers are saved. Continue where you left off?</source>
        <translation>Vous avez un test en cours. Vos réponses sont enregistrées. Reprendre là où vous en étiez ?</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="239"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="239"/>
        <source>Your settings could not be saved.</source>
        <translation>Vos paramètres n’ont pas pu être enregistrés.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="312"/>
        <source>Synchronisation stopped; results are kept on this computer and sent later.</source>
        <translation>Synchronisation interrompue ; les résultats restent sur cet ordinateur et seront envoyés plus tard.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="322"/>
        <source>PixDesk — digital skills</source>
        <translation>PixDesk — compétences numériques</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="323"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="324"/>
        <source>Zoom in</source>
        <translation>Agrandir</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="325"/>
        <source>Zoom out</source>
        <translation>Réduire</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="326"/>
        <source>High contrast</source>
        <translation>Contraste élevé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="328"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="329"/>
        <source>&amp;Profile</source>
        <translation>&amp;Profil</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="330"/>
        <source>My settings…</source>
        <translation>Mes paramètres…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="331"/>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="332"/>
        <source>&amp;Synchronisation</source>
        <translation>&amp;Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="333"/>
        <source>Sync now</source>
        <translation>Synchroniser maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/learner/main_window.py" line="348"/>
        <source>Tab moves between controls; Enter validates; Esc leaves.</source>
        <translation>Tab passe d’un élément à l’autre ; Entrée valide ; Échap quitte.</translation>
    </message>
</context>
<context>
    <name>MediaView</name>
    <message>
        <location filename="../../ui/learner/media_view.py" line="111"/>
        <source>Loading the pictures and files of this question…</source>
        <translation>Chargement des images et des fichiers de cette question…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="130"/>
        <source>A picture or file of this question could not be read.</source>
        <translation>Une image ou un fichier de cette question n’a pas pu être lu.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="149"/>
        <source>Picture</source>
        <translation>Image</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="150"/>
        <source>Picture: {description}</source>
        <translation>Image : {description}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="170"/>
        <source>Attached file: {name}</source>
        <translation>Pièce jointe : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="172"/>
        <source>Open the attachment</source>
        <translation>Ouvrir la pièce jointe</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="173"/>
        <source>Open the attachment {name}</source>
        <translation>Ouvrir la pièce jointe {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="190"/>
        <source>No application on this computer could open the file. It is saved here: {path}</source>
        <translation>Aucune application de cet ordinateur n’a pu ouvrir le fichier. Il est enregistré ici : {path}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/media_view.py" line="196"/>
        <source>The attached file could not be opened.</source>
        <translation>La pièce jointe n’a pas pu être ouverte.</translation>
    </message>
</context>
<context>
    <name>NewProfileForm</name>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="484"/>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="487"/>
        <source>Your profile keeps your results on this computer. Only you can open it, with your PIN or password.</source>
        <translation>Votre profil garde vos résultats sur cet ordinateur. Vous seul pouvez l’ouvrir, avec votre code PIN ou votre mot de passe.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="491"/>
        <source>Your &amp;name (as your teacher knows it)</source>
        <translation>Votre &amp;nom (tel que votre enseignant le connaît)</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="493"/>
        <source>&amp;Language of the tests</source>
        <translation>&amp;Langue des tests</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="495"/>
        <source>Français</source>
        <comment>language name, in French</comment>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="496"/>
        <source>English</source>
        <comment>language name, in English</comment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="497"/>
        <source>&amp;Create my profile</source>
        <translation>&amp;Créer mon profil</translation>
    </message>
</context>
<context>
    <name>PacksWindow</name>
    <message>
        <location filename="../../ui/packs_window.py" line="43"/>
        <source>PixDesk — content packs</source>
        <translation>PixDesk — paquets de contenu</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="46"/>
        <source>Content packs installed on this computer</source>
        <translation>Paquets de contenu installés sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="50"/>
        <source>Pack</source>
        <translation>Paquet</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="50"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="50"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="50"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="50"/>
        <source>Expires</source>
        <translation>Expire le</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="55"/>
        <source>Installed content packs</source>
        <translation>Paquets de contenu installés</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="56"/>
        <source>No pack installed yet. Import a .pixpack file to start.</source>
        <translation>Aucun paquet installé pour l&apos;instant. Importez un fichier .pixpack pour commencer.</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="57"/>
        <source>&amp;Import a pack…</source>
        <translation>&amp;Importer un paquet…</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="58"/>
        <source>Choose a .pixpack file to verify and install</source>
        <translation>Choisir un fichier .pixpack à vérifier et installer</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="81"/>
        <source>practice</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="81"/>
        <source>certification</source>
        <translation>certification</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/packs_window.py" line="97"/>
        <source>%n pack(s) installed</source>
        <translation>
            <numerusform>%n paquet installé</numerusform>
            <numerusform>%n paquets installés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="102"/>
        <source>PixDesk</source>
        <translation>PixDesk</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="106"/>
        <source>Import a content pack</source>
        <translation>Importer un paquet de contenu</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="106"/>
        <source>PixDesk packs (*.pixpack)</source>
        <translation>Paquets PixDesk (*.pixpack)</translation>
    </message>
    <message>
        <location filename="../../ui/packs_window.py" line="133"/>
        <source>Pack refused</source>
        <translation>Paquet refusé</translation>
    </message>
</context>
<context>
    <name>PixChart</name>
    <message>
        <location filename="../../ui/learner/pix_chart.py" line="62"/>
        <source>No results yet: finish an evaluation to see your pix here.</source>
        <translation>Pas encore de résultats : terminez une évaluation pour voir vos pix ici.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/pix_chart.py" line="66"/>
        <source>{code}: {values} pix</source>
        <translation>{code} : {values} pix</translation>
    </message>
    <message>
        <location filename="../../ui/learner/pix_chart.py" line="161"/>
        <source>{name}: {pix} pix</source>
        <translation>{name} : {pix} pix</translation>
    </message>
    <message>
        <location filename="../../ui/learner/pix_chart.py" line="170"/>
        <source>Level {level} · {pix} pix</source>
        <translation>Niveau {level} · {pix} pix</translation>
    </message>
    <message>
        <location filename="../../ui/learner/pix_chart.py" line="195"/>
        <source>Chart of your pix per competence over time</source>
        <translation>Graphique de vos pix par compétence au fil du temps</translation>
    </message>
</context>
<context>
    <name>ProfileListView</name>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="166"/>
        <source>No profile matches “%1”. Check the spelling, or create a new profile.</source>
        <translation>Aucun profil ne correspond à « %1 ». Vérifiez l’orthographe ou créez un nouveau profil.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="169"/>
        <source>No profile on this computer yet.</source>
        <translation>Aucun profil sur cet ordinateur pour l’instant.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="199"/>
        <source>Who are you?</source>
        <translation>Qui êtes-vous ?</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="200"/>
        <source>&amp;Search for your name</source>
        <translation>&amp;Rechercher votre nom</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="202"/>
        <source>A few letters of your name</source>
        <translation>Quelques lettres de votre nom</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="203"/>
        <source>Profiles on this computer</source>
        <translation>Profils de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="204"/>
        <source>Choose your name, then press Enter</source>
        <translation>Choisissez votre nom, puis appuyez sur Entrée</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="205"/>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="207"/>
        <source>Open the profile chosen in the list</source>
        <translation>Ouvrir le profil choisi dans la liste</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="208"/>
        <source>&amp;New profile</source>
        <translation>&amp;Nouveau profil</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_list.py" line="210"/>
        <source>Create a profile for someone not in the list</source>
        <translation>Créer un profil pour une personne absente de la liste</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="312"/>
        <source>You can try again now.</source>
        <translation>Vous pouvez réessayer maintenant.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="319"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="322"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="323"/>
        <source>Too many wrong tries. You can try again in %1.</source>
        <translation>Trop d’essais erronés. Vous pourrez réessayer dans %1.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="330"/>
        <source>Something went wrong (%1). Ask your teacher for help.</source>
        <translation>Un problème est survenu (%1). Demandez de l’aide à votre enseignant.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="335"/>
        <source>Type a name of 1 to %n characters.</source>
        <translation>
            <numerusform>Tapez un nom de 1 à %n caractère.</numerusform>
            <numerusform>Tapez un nom de 1 à %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="337"/>
        <source>This name is already used on this computer. Add your last name or an initial.</source>
        <translation>Ce nom est déjà utilisé sur cet ordinateur. Ajoutez votre nom de famille ou une initiale.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="339"/>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="341"/>
        <source>A password has at least 8 characters (not only spaces).</source>
        <translation>Un mot de passe a au moins 8 caractères (pas seulement des espaces).</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="343"/>
        <source>This profile is no longer on this computer.</source>
        <translation>Ce profil n’est plus sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="345"/>
        <source>This profile already has a PIN or password: sign in with it.</source>
        <translation>Ce profil a déjà un code PIN ou un mot de passe : connectez-vous avec.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="347"/>
        <source>This language is not available.</source>
        <translation>Cette langue n’est pas disponible.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="354"/>
        <source>Wrong PIN. 1 try left before a short lock.</source>
        <translation>Code PIN erroné. Encore 1 essai avant un court blocage.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="356"/>
        <source>Wrong password. 1 try left before a short lock.</source>
        <translation>Mot de passe erroné. Encore 1 essai avant un court blocage.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="359"/>
        <source>Wrong PIN. %n tries left before a short lock.</source>
        <translation>
            <numerusform>Code PIN erroné. Encore %n essai avant un court blocage.</numerusform>
            <numerusform>Code PIN erroné. Encore %n essais avant un court blocage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/profiles_page.py" line="360"/>
        <source>Wrong password. %n tries left before a short lock.</source>
        <translation>
            <numerusform>Mot de passe erroné. Encore %n essai avant un court blocage.</numerusform>
            <numerusform>Mot de passe erroné. Encore %n essais avant un court blocage.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/profiles_page.py" line="361"/>
        <source>This cannot be done (%1).</source>
        <translation>Impossible de faire cela (%1).</translation>
    </message>
</context>
<context>
    <name>ProposalInputs</name>
    <message>
        <location filename="../../ui/learner/answer_inputs.py" line="155"/>
        <source>Proposal {shown} of {count}: press {shown} to choose it</source>
        <translation>Proposition {shown} sur {count} : appuyez sur {shown} pour la choisir</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <location filename="../../ui/learner/question_view.py" line="186"/>
        <source>This question is answered without leaving PixDesk: the link is not opened. Address: {url}</source>
        <translation>Cette question se fait sans quitter PixDesk : le lien n’est pas ouvert. Adresse : {url}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="189"/>
        <source>Opened in your browser: {url}</source>
        <translation>Ouvert dans votre navigateur : {url}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="191"/>
        <source>No application could open the link. Address: {url}</source>
        <translation>Aucune application n’a pu ouvrir le lien. Adresse : {url}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="202"/>
        <source>Choose one answer (keys 1 to {n}).</source>
        <translation>Choisissez une seule réponse (touches 1 à {n}).</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="203"/>
        <source>Choose every right answer (keys 1 to {n}).</source>
        <translation>Choisissez toutes les bonnes réponses (touches 1 à {n}).</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="204"/>
        <source>Type or choose your answer.</source>
        <translation>Saisissez ou choisissez votre réponse.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="205"/>
        <location filename="../../ui/learner/question_view.py" line="206"/>
        <source>Answer every field.</source>
        <translation>Remplissez tous les champs.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="211"/>
        <source>Choose or type an answer before validating, or choose “I don&apos;t know”.</source>
        <translation>Choisissez ou saisissez une réponse avant de valider, ou choisissez « Je ne sais pas ».</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="213"/>
        <source>I &amp;don&apos;t know</source>
        <translation>Je ne &amp;sais pas</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="214"/>
        <source>&amp;Validate</source>
        <translation>&amp;Valider</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="216"/>
        <source>Skip this question; it counts as not answered</source>
        <translation>Passer cette question ; elle compte comme sans réponse</translation>
    </message>
    <message>
        <location filename="../../ui/learner/question_view.py" line="217"/>
        <source>Record your answer (Enter)</source>
        <translation>Enregistrer votre réponse (Entrée)</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../../ui/learner/results_page.py" line="136"/>
        <source>&amp;Back to home</source>
        <translation>&amp;Retour à l’accueil</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="137"/>
        <source>Back to home</source>
        <translation>Retour à l’accueil</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="138"/>
        <source>Your pix over time</source>
        <translation>Vos pix au fil du temps</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="146"/>
        <source>Loading your results…</source>
        <translation>Chargement de vos résultats…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="153"/>
        <source>Your results: {name}</source>
        <translation>Vos résultats : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="155"/>
        <source>Your campaign results</source>
        <translation>Vos résultats de campagne</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="158"/>
        <source>%n pix</source>
        <translation>
            <numerusform>%n pix</numerusform>
            <numerusform>%n pix</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="161"/>
        <source>Level {before} → {after}</source>
        <translation>Niveau {before} → {after}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="165"/>
        <source>Level up! You reached level {level} in {name}.</source>
        <translation>Niveau supérieur ! Vous avez atteint le niveau {level} dans la compétence « {name} ».</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="170"/>
        <source>Level %n</source>
        <translation>
            <numerusform>Niveau %n</numerusform>
            <numerusform>Niveau %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="178"/>
        <source>You answered %n question(s)</source>
        <translation>
            <numerusform>Vous avez répondu à %n question</numerusform>
            <numerusform>Vous avez répondu à %n questions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_page.py" line="180"/>
        <source>%n right</source>
        <translation>
            <numerusform>%n bonne réponse</numerusform>
            <numerusform>%n bonnes réponses</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="183"/>
        <source>Well done! Keep going: the next level is within reach.</source>
        <translation>Bravo ! Continuez : le niveau suivant est à votre portée.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="185"/>
        <source>Good work: every pix counts.</source>
        <translation>Beau travail : chaque pix compte.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_page.py" line="187"/>
        <source>Every try teaches something: the tutorials below can help you next time.</source>
        <translation>Chaque essai vous apprend quelque chose : les tutoriels ci-dessous pourront vous aider la prochaine fois.</translation>
    </message>
</context>
<context>
    <name>SecretFields</name>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="231"/>
        <source>The two PINs are different. Type the same PIN twice.</source>
        <translation>Les deux codes PIN sont différents. Tapez deux fois le même code.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="232"/>
        <source>The two passwords are different. Type the same password twice.</source>
        <translation>Les deux mots de passe sont différents. Tapez deux fois le même mot de passe.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="246"/>
        <source>Protect your profile with</source>
        <translation>Protéger votre profil par</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="247"/>
        <source>a &amp;PIN</source>
        <translation>un code &amp;PIN</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="248"/>
        <source>a pass&amp;word</source>
        <translation>un &amp;mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="249"/>
        <source>A PIN has 4 to 6 digits. A password has at least 8 characters.</source>
        <translation>Un code PIN a de 4 à 6 chiffres. Un mot de passe a au moins 8 caractères.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="250"/>
        <source>4 to 6 digits</source>
        <translation>4 à 6 chiffres</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="251"/>
        <source>at least 8 characters</source>
        <translation>au moins 8 caractères</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="253"/>
        <source>C&amp;hoose a PIN</source>
        <translation>C&amp;hoisissez un code PIN</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="253"/>
        <source>C&amp;hoose a password</source>
        <translation>C&amp;hoisissez un mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="255"/>
        <source>&amp;Type the PIN again</source>
        <translation>&amp;Tapez le code PIN à nouveau</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="255"/>
        <source>&amp;Type the password again</source>
        <translation>&amp;Tapez le mot de passe à nouveau</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="83"/>
        <source>My settings</source>
        <translation>Mes paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="85"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="86"/>
        <source>Text &amp;size</source>
        <translation>&amp;Taille du texte</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="87"/>
        <source>High &amp;contrast</source>
        <translation>&amp;Contraste élevé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="88"/>
        <source>&amp;Extra time</source>
        <translation>Temps &amp;supplémentaire</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="92"/>
        <source>Language of the interface and of new tests</source>
        <translation>Langue de l’interface et des nouveaux tests</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="93"/>
        <source>Text size</source>
        <translation>Taille du texte</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="94"/>
        <source>White text on black, thick outlines</source>
        <translation>Texte blanc sur fond noir, contours épais</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="95"/>
        <source>High contrast</source>
        <translation>Contraste élevé</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="98"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="98"/>
        <source>+%1 %</source>
        <translation>+%1 %</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="100"/>
        <source>Extra time on timed questions</source>
        <translation>Temps supplémentaire pour les questions chronométrées</translation>
    </message>
    <message>
        <location filename="../../ui/learner/settings_dialog.py" line="102"/>
        <source>Extra time lengthens every timed question of the tests you start from now on.</source>
        <translation>Le temps supplémentaire allonge chaque question chronométrée des tests que vous commencerez à partir de maintenant.</translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="343"/>
        <source>Type your PIN to open your profile.</source>
        <translation>Tapez votre code PIN pour ouvrir votre profil.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="345"/>
        <source>Type your password to open your profile.</source>
        <translation>Tapez votre mot de passe pour ouvrir votre profil.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="347"/>
        <source>Your &amp;PIN</source>
        <translation>Votre code &amp;PIN</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="347"/>
        <source>Your &amp;password</source>
        <translation>Votre &amp;mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="349"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Se connecter</translation>
    </message>
</context>
<context>
    <name>SkillList</name>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="85"/>
        <source>{tube}, level {level}</source>
        <translation>{tube}, niveau {level}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="87"/>
        <source>✓ Validated: {what}</source>
        <translation>✓ Validé : {what}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="89"/>
        <source>✗ Not yet: {what}</source>
        <translation>✗ Pas encore : {what}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="95"/>
        <source>Skills validated (%n)</source>
        <translation>
            <numerusform>Acquis validé (%n)</numerusform>
            <numerusform>Acquis validés (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="97"/>
        <source>Skills to work on (%n)</source>
        <translation>
            <numerusform>Acquis à travailler (%n)</numerusform>
            <numerusform>Acquis à travailler (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusView</name>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="81"/>
        <source>Offline · sync not configured</source>
        <translation>Hors ligne · synchronisation non configurée</translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="83"/>
        <source>Synchronising…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="87"/>
        <source>Online · last sync %1</source>
        <translation>En ligne · dernière synchronisation %1</translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="89"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="91"/>
        <source>Offline · results are kept on this computer</source>
        <translation>Hors ligne · les résultats sont conservés sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="93"/>
        <source>Results waiting: unknown</source>
        <translation>Résultats en attente : nombre inconnu</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/status_bar.py" line="97"/>
        <source>%n result(s) waiting to be sent</source>
        <translation>
            <numerusform>%n résultat en attente d’envoi</numerusform>
            <numerusform>%n résultats en attente d’envoi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/status_bar.py" line="99"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n refusé par le serveur</numerusform>
            <numerusform>%n refusés par le serveur</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/status_bar.py" line="102"/>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <location filename="../../ui/learner/test_page.py" line="236"/>
        <source>Recording your answer…</source>
        <translation>Enregistrement de votre réponse…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="241"/>
        <source>Your answer has been recorded.</source>
        <translation>Votre réponse a été enregistrée.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="245"/>
        <source>Your answer was not recorded.</source>
        <translation>Votre réponse n’a pas été enregistrée.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="279"/>
        <source>PixDesk</source>
        <translation>PixDesk</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="286"/>
        <source>This question was already answered, perhaps in another window. The test goes on at the right question.</source>
        <translation>Vous avez déjà répondu à cette question, peut-être dans une autre fenêtre. Le test reprend à la bonne question.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="289"/>
        <source>This test is already finished.</source>
        <translation>Ce test est déjà terminé.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="290"/>
        <source>This test cannot be found on this computer.</source>
        <translation>Ce test est introuvable sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="292"/>
        <source>The questions of this test are no longer installed on this computer.</source>
        <translation>Les questions de ce test ne sont plus installées sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="295"/>
        <source>The record of this test is damaged, so it cannot go on. Please tell your teacher.</source>
        <translation>L’enregistrement de ce test est endommagé : il ne peut pas continuer. Prévenez votre enseignant.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="298"/>
        <source>You have already been assessed on everything this test can ask. Choose “Improve” or another competence.</source>
        <translation>Ce test n’a plus de question à vous poser. Choisissez « Retenter » ou une autre compétence.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="301"/>
        <source>The questions of this test are locked. Ask the proctor to unlock them.</source>
        <translation>Les questions de ce test sont verrouillées. Demandez au surveillant de les déverrouiller.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="306"/>
        <source>Your answer could not be read. Please check it and validate again.</source>
        <translation>Votre réponse n’a pas pu être lue. Vérifiez-la et validez à nouveau.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="308"/>
        <source>The questions of this test cannot be read. Please tell your teacher.</source>
        <translation>Les questions de ce test sont illisibles. Prévenez votre enseignant.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="310"/>
        <source>Something went wrong and the last action was not done. Your recorded answers are safe. Try again; if it keeps failing, tell your teacher (the details are in the log).</source>
        <translation>Un problème est survenu et la dernière action n’a pas été effectuée. Vos réponses enregistrées sont en sécurité. Réessayez ; si le problème persiste, prévenez votre enseignant (les détails sont dans le journal).</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="364"/>
        <source>Leave the test?</source>
        <translation>Quitter le test ?</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="365"/>
        <source>Leave the test? Your answers are saved; you can continue later.</source>
        <translation>Quitter le test ? Vos réponses sont enregistrées ; vous pourrez reprendre plus tard.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="366"/>
        <source>&amp;Leave the test</source>
        <translation>&amp;Quitter le test</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="367"/>
        <source>&amp;Continue the test</source>
        <translation>&amp;Continuer le test</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="386"/>
        <source>The test could not be opened.</source>
        <translation>Le test n’a pas pu être ouvert.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="386"/>
        <source>Loading the test…</source>
        <translation>Chargement du test…</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="388"/>
        <source>Working</source>
        <translation>Traitement en cours</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="389"/>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="401"/>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="408"/>
        <source>Question {number} of {total}</source>
        <translation>Question {number} sur {total}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="414"/>
        <source>Question {number}</source>
        <translation>Question {number}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="421"/>
        <source>Question {position} of {block} before the next correction</source>
        <translation>Question {position} sur {block} avant la prochaine correction</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="429"/>
        <source>⚠ You left the window during this focused question. This is recorded with your answer.</source>
        <translation>⚠ Vous avez quitté la fenêtre pendant cette question en mode focus. C’est enregistré avec votre réponse.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/test_page.py" line="431"/>
        <source>Focused question: stay in this window until you answer.</source>
        <translation>Question en mode focus : restez dans cette fenêtre jusqu’à ce que vous ayez répondu.</translation>
    </message>
</context>
<context>
    <name>TutorialList</name>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="152"/>
        <source>Recommended tutorials (%n)</source>
        <translation>
            <numerusform>Tutoriel recommandé (%n)</numerusform>
            <numerusform>Tutoriels recommandés (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="156"/>
        <source>The content pack has no tutorial for these skills yet.</source>
        <translation>Le paquet de contenu n’a pas encore de tutoriel pour ces acquis.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="158"/>
        <source>No tutorial needed this time: everything you answered was right!</source>
        <translation>Pas besoin de tutoriel cette fois : toutes vos réponses étaient justes !</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="160"/>
        <source>How-to</source>
        <translation>Guide pratique</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="160"/>
        <source>Article</source>
        <translation>Article</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/learner/results_parts.py" line="164"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="167"/>
        <source>{minutes} · {kind} · From: {source}</source>
        <translation>{minutes} · {kind} · Source : {source}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/results_parts.py" line="171"/>
        <source>Tutorial: {name}</source>
        <translation>Tutoriel : {name}</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <location filename="../../ui/learner/profile_forms.py" line="156"/>
        <source>&amp;Back</source>
        <translation>&amp;Retour</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="63"/>
        <source>Not started</source>
        <translation>Non commencée</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="64"/>
        <source>Started</source>
        <translation>Commencée</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="65"/>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="78"/>
        <source>Improve available on {date} at {time}</source>
        <translation>Retenter possible le {date} à {time}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="79"/>
        <source>Reset available on {date} at {time}</source>
        <translation>Remise à zéro possible le {date} à {time}</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="81"/>
        <source>Finish an evaluation of this competence first</source>
        <translation>Terminez d’abord une évaluation de cette compétence</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="82"/>
        <source>You reached the highest level open for this competence</source>
        <translation>Vous avez atteint le plus haut niveau ouvert pour cette compétence</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="83"/>
        <source>Every skill of this competence is already validated</source>
        <translation>Tous les acquis de cette compétence sont déjà validés</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="84"/>
        <source>Nothing to reset yet</source>
        <translation>Rien à remettre à zéro pour l’instant</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="85"/>
        <source>Not available yet</source>
        <translation>Pas encore disponible</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="95"/>
        <source>First evaluation</source>
        <translation>Première évaluation</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="96"/>
        <source>First level 3</source>
        <translation>Premier niveau 3</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="97"/>
        <source>All competences started</source>
        <translation>Toutes les compétences commencées</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="105"/>
        <source>This competence can be improved 4 days after your last evaluation of it. Come back then!</source>
        <translation>Vous pourrez retenter cette compétence 4 jours après votre dernière évaluation. Revenez à ce moment-là !</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="109"/>
        <source>Finish an evaluation of this competence before improving it.</source>
        <translation>Terminez une évaluation de cette compétence avant de la retenter.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="112"/>
        <source>You already reached the highest level open for this competence.</source>
        <translation>Vous avez déjà atteint le plus haut niveau ouvert pour cette compétence.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="115"/>
        <source>Every skill of this competence is already validated. Well done!</source>
        <translation>Tous les acquis de cette compétence sont déjà validés. Bravo !</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="118"/>
        <source>A competence can be reset 7 days after your last activity on it.</source>
        <translation>Une compétence peut être remise à zéro 7 jours après votre dernière activité sur celle-ci.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="121"/>
        <source>There is nothing to reset in this competence yet.</source>
        <translation>Il n’y a encore rien à remettre à zéro dans cette compétence.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="124"/>
        <source>There is no new question for this competence right now. You can improve it after 4 days, or reset it after 7 days.</source>
        <translation>Il n’y a pas de nouvelle question pour cette compétence pour le moment. Vous pourrez la retenter au bout de 4 jours, ou la remettre à zéro au bout de 7 jours.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="129"/>
        <source>The content of the tests is not installed on this computer. Ask your teacher.</source>
        <translation>Le contenu des tests n’est pas installé sur cet ordinateur. Demandez à votre enseignant.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="132"/>
        <source>This competence has no questions in the installed content.</source>
        <translation>Cette compétence n’a pas de questions dans le contenu installé.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="135"/>
        <source>This result cannot be found.</source>
        <translation>Ce résultat est introuvable.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="136"/>
        <source>This test is not finished yet: its results come at the end.</source>
        <translation>Ce test n’est pas encore terminé : ses résultats arriveront à la fin.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="139"/>
        <source>This test has no results to show here.</source>
        <translation>Ce test n’a pas de résultats à afficher ici.</translation>
    </message>
    <message>
        <location filename="../../ui/learner/progress_texts.py" line="144"/>
        <source>Something went wrong. Your progress is saved; please try again.</source>
        <translation>Un problème est survenu. Votre progression est enregistrée ; veuillez réessayer.</translation>
    </message>
</context>
</TS>
