<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>ChangeSummary</name>
    <message>
        <source>%1+ commits</source>
        <translation>%1+ коммитов</translation>
    </message>
    <message numerus="yes">
        <source>%n commit(s)</source>
        <translation>
            <numerusform>%n коммит</numerusform>
            <numerusform>%n коммита</numerusform>
            <numerusform>%n коммитов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed</source>
        <translation>
            <numerusform>изменён %n файл</numerusform>
            <numerusform>изменено %n файла</numerusform>
            <numerusform>изменено %n файлов</numerusform>
        </translation>
    </message>
    <message>
        <source> (counted in the first %1 files)</source>
        <translation> (подсчитано по первым %1 файлам)</translation>
    </message>
    <message>
        <source>The version to deploy names no commit, so there is no changelog to show.</source>
        <translation>Для развёртываемой версии не указан коммит, поэтому показать список изменений нельзя.</translation>
    </message>
    <message>
        <source>First deployment to this environment: every commit up to %1 is new.</source>
        <translation>Первое развёртывание в это окружение: все коммиты до %1 включительно — новые.</translation>
    </message>
</context>
<context>
    <name>ExecutionView</name>
    <message>
        <source>waiting</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>running</source>
        <translation>выполняется</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>сбой</translation>
    </message>
    <message>
        <source>taking back</source>
        <translation>отменяется</translation>
    </message>
    <message>
        <source>taken back</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>could not be taken back</source>
        <translation>отменить не удалось</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>не выполнялся</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Overridden: %1</source>
        <translation>Обход заморозки: %1</translation>
    </message>
</context>
<context>
    <name>PromoteDialog</name>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
</context>
<context>
    <name>rd::ui::BackupsPanel</name>
    <message>
        <source>OK</source>
        <translation>В норме</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Устарела</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>Слишком мала</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Отсутствует</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Создать копию сейчас</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <source>Clean up…</source>
        <translation>Очистить…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Окружение</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Newest backup</source>
        <translation>Последняя копия</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>Beyond retention</source>
        <translation>Сверх срока хранения</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>No workspace loaded.</source>
        <translation>Рабочее пространство не загружено.</translation>
    </message>
    <message>
        <source>Output of backup actions appears here.</source>
        <translation>Здесь появляется вывод операций резервного копирования.</translation>
    </message>
    <message>
        <source>Reading backup folders…</source>
        <translation>Чтение папок с резервными копиями…</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 на %2</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> байт</translation>
    </message>
    <message>
        <source>newest is %1, the one before %2</source>
        <translation>последняя — %1, предыдущая — %2</translation>
    </message>
    <message>
        <source>no backup for %1</source>
        <translation>нет резервной копии уже %1</translation>
    </message>
    <message>
        <source>No environment configures backups.</source>
        <translation>Ни в одном окружении не настроено резервное копирование.</translation>
    </message>
    <message numerus="yes">
        <source>All %n environment(s) have recent backups.</source>
        <translation>
            <numerusform>Свежие резервные копии есть в %n окружении.</numerusform>
            <numerusform>Свежие резервные копии есть во всех %n окружениях.</numerusform>
            <numerusform>Свежие резервные копии есть во всех %n окружениях.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n environment(s) need attention.</source>
        <translation>
            <numerusform>%n окружение требует внимания.</numerusform>
            <numerusform>%n окружения требуют внимания.</numerusform>
            <numerusform>%n окружений требуют внимания.</numerusform>
        </translation>
    </message>
    <message>
        <source>The workspace configures no backups command for this environment.</source>
        <translation>В рабочем пространстве для этого окружения не задана команда резервного копирования.</translation>
    </message>
    <message>
        <source>The workspace configures no restore command for this environment.</source>
        <translation>В рабочем пространстве для этого окружения не задана команда восстановления.</translation>
    </message>
    <message>
        <source>Restore %1</source>
        <translation>Восстановление %1</translation>
    </message>
    <message>
        <source>Choose the backup to restore into %1. Its current data is replaced.</source>
        <translation>Выберите резервную копию для восстановления в %1. Текущие данные будут заменены.</translation>
    </message>
    <message>
        <source>%1   (%2, %3)</source>
        <translation>%1   (%2, %3)</translation>
    </message>
    <message>
        <source>%1 is protected. Type its name to confirm:</source>
        <translation>%1 — защищённое окружение. Для подтверждения введите его имя:</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Clean up %1</source>
        <translation>Очистка %1</translation>
    </message>
    <message>
        <source>This plan deletes the backups older than the retention period. The newest backup is always kept.</source>
        <translation>Будут удалены резервные копии старше срока хранения. Последняя копия сохраняется всегда.</translation>
    </message>
    <message>
        <source>delete %1  (%2, %3)</source>
        <translation>удалить %1  (%2, %3)</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n backup(s)</source>
        <translation>
            <numerusform>Удалить %n резервную копию</numerusform>
            <numerusform>Удалить %n резервные копии</numerusform>
            <numerusform>Удалить %n резервных копий</numerusform>
        </translation>
    </message>
    <message>
        <source>▶ %1</source>
        <translation>▶ %1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Готово: %1</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
</context>
<context>
    <name>rd::ui::CleanupDialog</name>
    <message>
        <source>Clean Up Old Images</source>
        <translation>Очистка старых образов</translation>
    </message>
    <message>
        <source>Reading the registries…</source>
        <translation>Чтение реестров…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Образ</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Дайджест</translation>
    </message>
    <message>
        <source>Built / why it stays</source>
        <translation>Собран / почему остаётся</translation>
    </message>
    <message>
        <source>Nothing is deleted until you press Delete.</source>
        <translation>Пока вы не нажмёте «Удалить», ничего не удаляется.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>The rollback history cannot be read, so nothing is deleted: %1</source>
        <translation>Не удалось прочитать историю откатов, поэтому ничего не удаляется: %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete (%n tag(s))</source>
        <translation>
            <numerusform>Удалить (%n тег)</numerusform>
            <numerusform>Удалить (%n тега)</numerusform>
            <numerusform>Удалить (%n тегов)</numerusform>
        </translation>
    </message>
    <message>
        <source>build time unknown</source>
        <translation>время сборки неизвестно</translation>
    </message>
    <message numerus="yes">
        <source>Keep (%n tag(s))</source>
        <translation>
            <numerusform>Оставить (%n тег)</numerusform>
            <numerusform>Оставить (%n тега)</numerusform>
            <numerusform>Оставить (%n тегов)</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not be read (nothing of these is deleted)</source>
        <translation>Не удалось прочитать (из них ничего не удаляется)</translation>
    </message>
    <message>
        <source>Nothing to delete: every image is still wanted.</source>
        <translation>Удалять нечего: все образы ещё нужны.</translation>
    </message>
    <message>
        <source>Nothing to delete among the artifacts that could be read.</source>
        <translation>Среди прочитанных артефактов удалять нечего.</translation>
    </message>
    <message>
        <source>%1 tag(s) in %2 image(s) will be deleted from the registries; %3 kept. A deleted image cannot be restored by ReleaseDeck.</source>
        <translation>Из реестров будет удалено тегов: %1 (образов: %2); останется: %3. ReleaseDeck не сможет восстановить удалённый образ.</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Image(s)</source>
        <translation>
            <numerusform>Удалить %n образ</numerusform>
            <numerusform>Удалить %n образа</numerusform>
            <numerusform>Удалить %n образов</numerusform>
        </translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Deleted %1 tag(s) in %2 image(s).</source>
        <translation>Удалено тегов: %1 (образов: %2).</translation>
    </message>
</context>
<context>
    <name>rd::ui::ComparisonView</name>
    <message>
        <source>Unified</source>
        <translation>Одна колонка</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Две колонки</translation>
    </message>
    <message>
        <source>Filter files by path</source>
        <translation>Фильтр файлов по пути</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Коммит</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>Commits</source>
        <translation>Коммиты</translation>
    </message>
    <message>
        <source>Only in target</source>
        <translation>Только в целевом окружении</translation>
    </message>
    <message>
        <source>Find in file (Ctrl+F)</source>
        <translation>Поиск (Ctrl+F)</translation>
    </message>
    <message>
        <source>Comparing %1: %2 → %3…</source>
        <translation>Сравнение %1: %2 → %3…</translation>
    </message>
    <message>
        <source>Cannot compare %1 with %2: %3</source>
        <translation>Не удалось сравнить %1 с %2: %3</translation>
    </message>
    <message>
        <source>Commits (%1)</source>
        <translation>Коммиты (%1)</translation>
    </message>
    <message>
        <source>Only in %1 (%2)</source>
        <translation>Только в %1 (%2)</translation>
    </message>
    <message>
        <source>%1 and %2 run the same commit: there is nothing to promote.</source>
        <translation>В %1 и %2 работает один и тот же коммит: продвигать нечего.</translation>
    </message>
    <message>
        <source>No file differs between %1 and %2.</source>
        <translation>Между %1 и %2 файлы не различаются.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: promoting &lt;b&gt;%2&lt;/b&gt; into &lt;b&gt;%3&lt;/b&gt; changes %n file(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: продвижение &lt;b&gt;%2&lt;/b&gt; в &lt;b&gt;%3&lt;/b&gt; изменит %n файл</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: продвижение &lt;b&gt;%2&lt;/b&gt; в &lt;b&gt;%3&lt;/b&gt; изменит %n файла</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: продвижение &lt;b&gt;%2&lt;/b&gt; в &lt;b&gt;%3&lt;/b&gt; изменит %n файлов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, in %n commit(s).</source>
        <translation>
            <numerusform>, в %n коммите.</numerusform>
            <numerusform>, в %n коммитах.</numerusform>
            <numerusform>, в %n коммитах.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n commit(s) that %2 lacks: promoting would drop them.</source>
        <translation>
            <numerusform>В %1 есть %n коммит, которого нет в %2: при продвижении он будет потерян.</numerusform>
            <numerusform>В %1 есть %n коммита, которых нет в %2: при продвижении они будут потеряны.</numerusform>
            <numerusform>В %1 есть %n коммитов, которых нет в %2: при продвижении они будут потеряны.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge: %1</source>
        <translation>Слияние: %1</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>Весь файл</translation>
    </message>
    <message>
        <source>Show the unchanged lines between the changes too, not only three around each (each fold also opens on a click).</source>
        <translation>Показывать и неизменённые строки между изменениями, а не только по три вокруг каждого (свёрнутый блок также раскрывается по щелчку).</translation>
    </message>
    <message>
        <source>Find in all files (Ctrl+F)</source>
        <translation>Поиск во всех файлах (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3), in this file or the ones before</source>
        <translation>Предыдущее совпадение (Shift+F3) в этом или предыдущих файлах</translation>
    </message>
    <message>
        <source>Next match (F3), in this file or the ones after</source>
        <translation>Следующее совпадение (F3) в этом или следующих файлах</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Нет совпадений</translation>
    </message>
    <message>
        <source>%1 of %2 in 1 file</source>
        <translation>%1 из %2 в 1 файле</translation>
    </message>
    <message>
        <source>%1 of %2 in %3 files</source>
        <translation>%1 из %2, файлов: %3</translation>
    </message>
    <message>
        <source>%1 matches in 1 file</source>
        <translation>Совпадений: %1 в 1 файле</translation>
    </message>
    <message>
        <source>%1 matches in %2 files</source>
        <translation>Совпадений: %1, файлов: %2</translation>
    </message>
    <message>
        <source>(searching %1 of %2 files…)</source>
        <translation>(поиск: файл %1 из %2…)</translation>
    </message>
</context>
<context>
    <name>rd::ui::DiffFilesModel</name>
    <message>
        <source> (%1% similar)</source>
        <translation> (сходство %1%)</translation>
    </message>
    <message>
        <source>, mode %1 → %2</source>
        <translation>, режим %1 → %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>двоич.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавл.</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Удалено</translation>
    </message>
</context>
<context>
    <name>rd::ui::DiffView</name>
    <message>
        <source>Choose a file to see its changes.</source>
        <translation>Выберите файл, чтобы увидеть его изменения.</translation>
    </message>
    <message>
        <source>⋯ 1 unchanged line</source>
        <translation>⋯ 1 неизменённая строка</translation>
    </message>
    <message>
        <source>⋯ %1 unchanged lines</source>
        <translation>⋯ неизменённых строк: %1</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Show %1 more</source>
        <translation>Показать ещё %1</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Показать все</translation>
    </message>
</context>
<context>
    <name>rd::ui::ExecutionView</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>The steps&apos; output appears here as it is printed.</source>
        <translation>Здесь по мере выполнения появляется вывод шагов.</translation>
    </message>
    <message>
        <source>Hide Details</source>
        <translation>Скрыть подробности</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>The plan stops before its next step that may be skipped, and takes back what ran.</source>
        <translation>План остановится перед следующим шагом, который можно пропустить, и отменит уже выполненное.</translation>
    </message>
    <message>
        <source>taking back:</source>
        <translation>отмена:</translation>
    </message>
    <message>
        <source>recovery:</source>
        <translation>восстановление:</translation>
    </message>
    <message>
        <source>Stop before the next step and take back what ran.</source>
        <translation>Остановиться перед следующим шагом и отменить уже выполненное.</translation>
    </message>
    <message>
        <source>The last step is running; it cannot be stopped halfway.</source>
        <translation>Выполняется последний шаг; его нельзя прервать на полпути.</translation>
    </message>
    <message>
        <source>Step %1 must follow this one; the plan cannot stop here.</source>
        <translation>За этим шагом обязательно следует шаг %1; здесь план остановить нельзя.</translation>
    </message>
    <message>
        <source>Elapsed: %1</source>
        <translation>Прошло: %1</translation>
    </message>
    <message>
        <source>Step %1 (%2) failed: %3</source>
        <translation>Шаг %1 (%2) завершился ошибкой: %3</translation>
    </message>
    <message>
        <source>%1 did not finish.</source>
        <translation>%1: не завершено.</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Всего: %1</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: готово</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: отменено</translation>
    </message>
    <message>
        <source>%1: FAILED</source>
        <translation>%1: ОШИБКА</translation>
    </message>
</context>
<context>
    <name>rd::ui::FilePatch</name>
    <message>
        <source>Submodule changed.</source>
        <translation>Подмодуль изменён.</translation>
    </message>
    <message>
        <source>Binary file: %1 bytes before, %2 bytes after.</source>
        <translation>Двоичный файл. Размер в байтах: было %1, стало %2.</translation>
    </message>
    <message>
        <source>Large change: %1 lines added, %2 removed. Not shown; use releasedeck-cli diff --patch to read it.</source>
        <translation>Большое изменение: добавлено строк — %1, удалено — %2. Не показано; чтобы просмотреть, используйте releasedeck-cli diff --patch.</translation>
    </message>
    <message>
        <source>No newline at end of file</source>
        <translation>Нет символа новой строки в конце файла</translation>
    </message>
    <message>
        <source>Mode changed from %1 to %2.</source>
        <translation>Режим файла изменён с %1 на %2.</translation>
    </message>
    <message>
        <source>No content change.</source>
        <translation>Содержимое не изменилось.</translation>
    </message>
</context>
<context>
    <name>rd::ui::HealthModel</name>
    <message>
        <source>healthy</source>
        <translation>в норме</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>с проблемами</translation>
    </message>
    <message>
        <source>down</source>
        <translation>недоступно</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Окружение</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Задержка</translation>
    </message>
    <message>
        <source>Recent latency</source>
        <translation>История задержки</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
</context>
<context>
    <name>rd::ui::HistoryModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Артефакт</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Окружение</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Было</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Стало</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
</context>
<context>
    <name>rd::ui::HistoryPanel</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n запись</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записей</numerusform>
        </translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Экспорт в CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Экспорт в JSON…</translation>
    </message>
    <message>
        <source>Artifact:</source>
        <translation>Артефакт:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Окружение:</translation>
    </message>
    <message>
        <source>No promotion or rollback has been recorded for this workspace yet.</source>
        <translation>Для этого рабочего пространства ещё не записано ни одного продвижения или отката.</translation>
    </message>
    <message>
        <source>All artifacts</source>
        <translation>Все артефакты</translation>
    </message>
    <message>
        <source>All environments</source>
        <translation>Все окружения</translation>
    </message>
    <message>
        <source>Export History as JSON</source>
        <translation>Экспорт истории в JSON</translation>
    </message>
    <message>
        <source>Export History as CSV</source>
        <translation>Экспорт истории в CSV</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>Экспортирована %n запись в %1.</numerusform>
            <numerusform>Экспортированы %n записи в %1.</numerusform>
            <numerusform>Экспортировано %n записей в %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActionWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>No output yet.</source>
        <translation>Вывода пока нет.</translation>
    </message>
    <message>
        <source>Copy the output shown to the clipboard</source>
        <translation>Копировать показанный вывод в буфер обмена</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполняется…</translation>
    </message>
    <message numerus="yes">
        <source>… %n earlier line(s) not shown</source>
        <translation>
            <numerusform>… %n более ранняя строка не показана</numerusform>
            <numerusform>… %n более ранние строки не показаны</numerusform>
            <numerusform>… %n более ранних строк не показано</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>✓ Exit status 0: succeeded in %1 s.</source>
        <translation>✓ Код завершения 0: успешно за %1 с.</translation>
    </message>
    <message>
        <source>Cancelled after %1 s. %2</source>
        <translation>Отменено через %1 с. %2</translation>
    </message>
    <message>
        <source>✗ Failed after %1 s: %2</source>
        <translation>✗ Ошибка через %1 с: %2</translation>
    </message>
    <message>
        <source>Elapsed: %1 s</source>
        <translation>Прошло: %1 с</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActions</name>
    <message>
        <source>Restart…</source>
        <translation>Перезапустить…</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Логи</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>The environment %1 has no %2 command: add environments.%1.%2 to the workspace file ({ssh: {host: …, command: …}} or {local: {command: …}}).</source>
        <translation>Для окружения %1 не задана команда %2: добавьте environments.%1.%2 в файл рабочего пространства ({ssh: {host: …, command: …}} или {local: {command: …}}).</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Перезапустить</translation>
    </message>
    <message>
        <source>%1 is protected. Type its name to restart:</source>
        <translation>%1 — защищённое окружение. Для перезапуска введите его имя:</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostKeyDialog</name>
    <message>
        <source>Unknown Host Key</source>
        <translation>Неизвестный ключ хоста</translation>
    </message>
    <message>
        <source>The host key of %1 is not known.</source>
        <translation>Ключ хоста %1 неизвестен.</translation>
    </message>
    <message>
        <source>No known_hosts file holds the key this server presents. Compare the fingerprint with the one the server&apos;s administrator gives you (ssh-keygen -lf on the server&apos;s host key). Trust it only if they are identical.</source>
        <translation>Ни в одном файле known_hosts нет ключа, который предъявляет этот сервер. Сравните отпечаток с тем, что сообщит администратор сервера (ssh-keygen -lf для ключа хоста на сервере). Доверяйте ключу, только если они совпадают.</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Хост:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>Тип ключа:</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>Отпечаток:</translation>
    </message>
    <message>
        <source>Recorded in:</source>
        <translation>Будет записан в:</translation>
    </message>
    <message>
        <source>Trust and Connect</source>
        <translation>Доверять и подключиться</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostPrompts</name>
    <message>
        <source>Key Passphrase</source>
        <translation>Парольная фраза ключа</translation>
    </message>
    <message>
        <source>Passphrase of the key file %1 (to log in to %2):</source>
        <translation>Парольная фраза файла ключа %1 (для входа на %2):</translation>
    </message>
</context>
<context>
    <name>rd::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>ReleaseDeck</source>
        <translation>ReleaseDeck</translation>
    </message>
    <message>
        <source>Open a workspace file (releasedeck.yaml) to see what runs where.</source>
        <translation>Откройте файл рабочего пространства (releasedeck.yaml), чтобы увидеть, что где работает.</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>&amp;Открыть рабочее пространство…</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Открыть рабочее пространство</translation>
    </message>
    <message>
        <source>Workspace files (*.yaml *.yml)</source>
        <translation>Файлы рабочего пространства (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Основная панель</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Загрузка %1…</translation>
    </message>
    <message>
        <source>The workspace file has problems:</source>
        <translation>В файле рабочего пространства есть ошибки:</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in %1</source>
        <translation>
            <numerusform>%n ошибка в %1</numerusform>
            <numerusform>%n ошибки в %1</numerusform>
            <numerusform>%n ошибок в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — ReleaseDeck</source>
        <translation>%1 — ReleaseDeck</translation>
    </message>
    <message>
        <source>This workspace defines no artifacts yet.</source>
        <translation>В этом рабочем пространстве ещё нет артефактов.</translation>
    </message>
    <message>
        <source>%1: %2 artifacts × %3 environments, read in %4 ms</source>
        <translation>%1: артефактов — %2, окружений — %3, прочитано за %4 мс</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>Матрица</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнение</translation>
    </message>
    <message>
        <source>&amp;Compare with Previous Environment</source>
        <translation>&amp;Сравнить с предыдущим окружением</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>What promoting the left environment into the right one would change. Select one cell to compare it with the environment before it, or two cells of a row.</source>
        <translation>Что изменится при продвижении левого окружения в правое. Выберите одну ячейку, чтобы сравнить её с предыдущим окружением, или две ячейки одной строки.</translation>
    </message>
    <message>
        <source>Select a cell of an environment that has one before it (or two cells of one row) to compare.</source>
        <translation>Чтобы сравнить, выберите ячейку окружения, перед которым есть другое (или две ячейки одной строки).</translation>
    </message>
    <message>
        <source>Nothing to compare: %1 in %2 and %3 is not in this workspace.</source>
        <translation>Нечего сравнивать: %1 в %2 и %3 нет в этом рабочем пространстве.</translation>
    </message>
    <message>
        <source>%1 names no git repository, so there is no code to compare.</source>
        <translation>Для %1 не указан репозиторий git, поэтому нет кода для сравнения.</translation>
    </message>
    <message>
        <source>%1 in %2 does not say which commit it was built from.</source>
        <translation>%1 в %2 не указывает, из какого коммита он собран.</translation>
    </message>
    <message>
        <source>%1 has never been deployed to %2.</source>
        <translation>%1 ещё ни разу не развёртывали в %2.</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>%1 is down</source>
        <translation>%1 недоступно</translation>
    </message>
    <message>
        <source>Its health checks fail. Open ReleaseDeck&apos;s Health tab for the errors.</source>
        <translation>Его проверки состояния не проходят. Ошибки — на вкладке «Состояние» в ReleaseDeck.</translation>
    </message>
    <message>
        <source>%1 is healthy again</source>
        <translation>%1 снова в норме</translation>
    </message>
    <message>
        <source>All its health checks pass.</source>
        <translation>Все его проверки состояния проходят.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>&amp;Registry</source>
        <translation>&amp;Реестр</translation>
    </message>
    <message>
        <source>&amp;Clean Up Old Images…</source>
        <translation>&amp;Очистить старые образы…</translation>
    </message>
    <message>
        <source>Deletes old versions by each artifact&apos;s retention policy, after showing the plan.</source>
        <translation>Удаляет старые версии согласно политике хранения каждого артефакта, предварительно показав план.</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixCellDelegate</name>
    <message>
        <source>behind</source>
        <translation>отстаёт</translation>
    </message>
    <message>
        <source>ahead</source>
        <translation>впереди</translation>
    </message>
    <message>
        <source>live %1</source>
        <translation>на деле %1</translation>
    </message>
    <message>
        <source>Promote to %1 ▸</source>
        <translation>Продвинуть в %1 ▸</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Откатить</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixModel</name>
    <message>
        <source>not deployed</source>
        <translation>не развёрнуто</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>ошибка чтения</translation>
    </message>
    <message>
        <source>%1 has never been deployed to %2 (no &apos;%3&apos; tag in %4).</source>
        <translation>%1 ещё ни разу не развёртывали в %2 (в %4 нет тега «%3»).</translation>
    </message>
    <message>
        <source>Digest: %1</source>
        <translation>Дайджест: %1</translation>
    </message>
    <message>
        <source>Commit: %1 %2</source>
        <translation>Коммит: %1 %2</translation>
    </message>
    <message>
        <source>Built: %1 (%2)</source>
        <translation>Собрано: %1 (%2)</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Теги: %1</translation>
    </message>
    <message>
        <source>Behind %1, which runs %2.</source>
        <translation>Отстаёт от %1, где работает %2.</translation>
    </message>
    <message>
        <source>Ahead of %1, which runs %2: a stage was skipped.</source>
        <translation>Опережает %1, где работает %2: этап пропущен.</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Образ %1</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Артефакт</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (защищённое)</translation>
    </message>
    <message>
        <source>Registry tag: %1</source>
        <translation>Тег в реестре: %1</translation>
    </message>
    <message>
        <source>Git branch: %1</source>
        <translation>Ветка git: %1</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 с назад</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 мин назад</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 ч назад</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 дн назад</translation>
    </message>
    <message>
        <source>%1 mo ago</source>
        <translation>%1 мес назад</translation>
    </message>
    <message>
        <source>%1 y ago</source>
        <translation>%1 г назад</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Состояние: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Drift&lt;/b&gt;: the environment reports %1 running, not %2.</source>
        <translation>&lt;b&gt;Расхождение&lt;/b&gt;: окружение сообщает, что работает %1, а не %2.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Last change&lt;/b&gt;: %1</source>
        <translation>&lt;b&gt;Последнее изменение&lt;/b&gt;: %1</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixView</name>
    <message>
        <source>Copy Version</source>
        <translation>Копировать версию</translation>
    </message>
    <message>
        <source>Copy Digest</source>
        <translation>Копировать дайджест</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Copy Commit</source>
        <translation>Копировать коммит</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Environments in promotion order, left to right. &lt;span style=&apos;color:#c27c00&apos;&gt;&lt;b&gt;behind&lt;/b&gt;&lt;/span&gt;: older than the environment to its left. &lt;span style=&apos;color:#1565c0&apos;&gt;&lt;b&gt;ahead&lt;/b&gt;&lt;/span&gt;: newer than it (a stage was skipped). Dashed: never deployed. &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;live&lt;/b&gt;&lt;/span&gt;: the environment reports another version (drift). @digest ⎇ commit.</source>
        <translation>Окружения в порядке продвижения, слева направо. &lt;span style=&apos;color:#c27c00&apos;&gt;&lt;b&gt;отстаёт&lt;/b&gt;&lt;/span&gt;: версия старее, чем в окружении слева. &lt;span style=&apos;color:#1565c0&apos;&gt;&lt;b&gt;впереди&lt;/b&gt;&lt;/span&gt;: новее неё (этап пропущен). Пунктир: ещё не развёртывалось. &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;на деле&lt;/b&gt;&lt;/span&gt;: окружение сообщает другую версию (расхождение). @дайджест ⎇ коммит.</translation>
    </message>
</context>
<context>
    <name>rd::ui::PromoteDialog</name>
    <message>
        <source>Commit</source>
        <translation>Коммит</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:large&apos;&gt;%1 runs &lt;tt&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/tt&gt; &amp;nbsp;→&amp;nbsp; will run &lt;tt&gt;&lt;b&gt;%3&lt;/b&gt;&lt;/tt&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;font-size:large&apos;&gt;В %1 работает &lt;tt&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/tt&gt; &amp;nbsp;→&amp;nbsp; будет работать &lt;tt&gt;&lt;b&gt;%3&lt;/b&gt;&lt;/tt&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Reading the changelog…</source>
        <translation>Чтение списка изменений…</translation>
    </message>
    <message>
        <source>(undone if a later step fails)</source>
        <translation>(отменяется, если один из следующих шагов завершится ошибкой)</translation>
    </message>
    <message>
        <source>Nothing to do: %1 already runs %2.</source>
        <translation>Делать нечего: в %1 уже работает %2.</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Продвинуть</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Что изменится</translation>
    </message>
    <message>
        <source>What ReleaseDeck will do</source>
        <translation>Что сделает ReleaseDeck</translation>
    </message>
    <message>
        <source>%1 is protected. Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>%1 — защищённое окружение. Для подтверждения введите &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>Reason for overriding the freeze (recorded in the audit log):</source>
        <translation>Причина действия в обход заморозки (записывается в журнал аудита):</translation>
    </message>
    <message>
        <source>e.g. hotfix for the checkout outage, approved by the on-call lead</source>
        <translation>например, срочное исправление сбоя оформления заказов, согласовано с дежурным руководителем</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>двоич.</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n commit(s) that %1 runs now are not in %2 and would be dropped.</source>
        <translation>
            <numerusform>⚠ %n коммит, который сейчас работает в %1, отсутствует в %2 и будет потерян.</numerusform>
            <numerusform>⚠ %n коммита, которые сейчас работают в %1, отсутствуют в %2 и будут потеряны.</numerusform>
            <numerusform>⚠ %n коммитов, которые сейчас работают в %1, отсутствуют в %2 и будут потеряны.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::ReleaseController</name>
    <message>
        <source>Choose a deployed cell that has an environment after it to promote.</source>
        <translation>Чтобы продвинуть версию, выберите развёрнутую ячейку, за окружением которой есть следующее.</translation>
    </message>
    <message>
        <source>Choose a cell of an environment to roll back.</source>
        <translation>Чтобы выполнить откат, выберите ячейку окружения.</translation>
    </message>
    <message>
        <source>Open a workspace first.</source>
        <translation>Сначала откройте рабочее пространство.</translation>
    </message>
    <message>
        <source>A plan is running; wait for it to finish before starting another.</source>
        <translation>Выполняется план; дождитесь его завершения, прежде чем запускать другой.</translation>
    </message>
    <message>
        <source>Planning: %1 %2 to %3…</source>
        <translation>Планирование: %1 %2 в %3…</translation>
    </message>
    <message>
        <source>Promote a Version</source>
        <translation>Продвижение версии</translation>
    </message>
    <message>
        <source>Roll Back to a Version</source>
        <translation>Откат к версии</translation>
    </message>
    <message>
        <source>Version of %1 to run in %2:</source>
        <translation>Версия %1 для запуска в %2:</translation>
    </message>
    <message>
        <source>Version of %1 to roll %2 back to:</source>
        <translation>Версия %1, к которой откатить %2:</translation>
    </message>
    <message>
        <source>Promote Version…</source>
        <translation>Продвинуть версию…</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Rollback To…</source>
        <translation>Откатить к…</translation>
    </message>
</context>
</TS>
