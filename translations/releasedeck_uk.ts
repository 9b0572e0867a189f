<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>ChangeSummary</name>
    <message>
        <source>%1+ commits</source>
        <translation>%1+ комітів</translation>
    </message>
    <message numerus="yes">
        <source>%n commit(s)</source>
        <translation>
            <numerusform>%n коміт</numerusform>
            <numerusform>%n коміти</numerusform>
            <numerusform>%n комітів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed</source>
        <translation>
            <numerusform>змінено %n файл</numerusform>
            <numerusform>змінено %n файли</numerusform>
            <numerusform>змінено %n файлів</numerusform>
        </translation>
    </message>
    <message>
        <source> (counted in the first %1 files)</source>
        <translation> (пораховано в перших %1 файлах)</translation>
    </message>
    <message>
        <source>The version to deploy names no commit, so there is no changelog to show.</source>
        <translation>Для версії, що розгортається, не вказано коміт, тож списку змін немає.</translation>
    </message>
    <message>
        <source>First deployment to this environment: every commit up to %1 is new.</source>
        <translation>Перше розгортання в це середовище: усі коміти до %1 включно нові.</translation>
    </message>
</context>
<context>
    <name>ExecutionView</name>
    <message>
        <source>waiting</source>
        <translation>очікує</translation>
    </message>
    <message>
        <source>running</source>
        <translation>виконується</translation>
    </message>
    <message>
        <source>done</source>
        <translation>виконано</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>помилка</translation>
    </message>
    <message>
        <source>taking back</source>
        <translation>відкочується</translation>
    </message>
    <message>
        <source>taken back</source>
        <translation>відкочено</translation>
    </message>
    <message>
        <source>could not be taken back</source>
        <translation>не вдалося відкотити</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>не виконано</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Overridden: %1</source>
        <translation>Перевизначено: %1</translation>
    </message>
</context>
<context>
    <name>PromoteDialog</name>
    <message>
        <source>nothing</source>
        <translation>нічого</translation>
    </message>
</context>
<context>
    <name>rd::ui::BackupsPanel</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Застаріла</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>Замала</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Відсутня</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Помилка</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Створити копію зараз</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Відновити…</translation>
    </message>
    <message>
        <source>Clean up…</source>
        <translation>Очистити…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Оновити</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Середовище</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Newest backup</source>
        <translation>Остання копія</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Вік</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Розмір</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Кількість</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Усього</translation>
    </message>
    <message>
        <source>Beyond retention</source>
        <translation>Поза терміном зберігання</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Остання помилка</translation>
    </message>
    <message>
        <source>No workspace loaded.</source>
        <translation>Робочий простір не завантажено.</translation>
    </message>
    <message>
        <source>Output of backup actions appears here.</source>
        <translation>Тут з’являтиметься вивід дій із резервними копіями.</translation>
    </message>
    <message>
        <source>Reading backup folders…</source>
        <translation>Читання тек резервних копій…</translation>
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
        <translation>остання — %1, попередня — %2</translation>
    </message>
    <message>
        <source>no backup for %1</source>
        <translation>немає копії протягом %1</translation>
    </message>
    <message>
        <source>No environment configures backups.</source>
        <translation>У жодному середовищі не налаштовано резервне копіювання.</translation>
    </message>
    <message numerus="yes">
        <source>All %n environment(s) have recent backups.</source>
        <translation>
            <numerusform>Свіжі резервні копії є в усіх %n середовищі.</numerusform>
            <numerusform>Свіжі резервні копії є в усіх %n середовищах.</numerusform>
            <numerusform>Свіжі резервні копії є в усіх %n середовищах.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n environment(s) need attention.</source>
        <translation>
            <numerusform>%n середовище потребує уваги.</numerusform>
            <numerusform>%n середовища потребують уваги.</numerusform>
            <numerusform>%n середовищ потребують уваги.</numerusform>
        </translation>
    </message>
    <message>
        <source>The workspace configures no backups command for this environment.</source>
        <translation>У робочому просторі не налаштовано команду backups для цього середовища.</translation>
    </message>
    <message>
        <source>The workspace configures no restore command for this environment.</source>
        <translation>У робочому просторі не налаштовано команду restore для цього середовища.</translation>
    </message>
    <message>
        <source>Restore %1</source>
        <translation>Відновлення %1</translation>
    </message>
    <message>
        <source>Choose the backup to restore into %1. Its current data is replaced.</source>
        <translation>Виберіть резервну копію для відновлення в %1. Поточні дані буде замінено.</translation>
    </message>
    <message>
        <source>%1   (%2, %3)</source>
        <translation>%1   (%2, %3)</translation>
    </message>
    <message>
        <source>%1 is protected. Type its name to confirm:</source>
        <translation>%1 — захищене середовище. Щоб підтвердити, введіть його назву:</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Відновити</translation>
    </message>
    <message>
        <source>Clean up %1</source>
        <translation>Очищення %1</translation>
    </message>
    <message>
        <source>This plan deletes the backups older than the retention period. The newest backup is always kept.</source>
        <translation>Цей план видаляє резервні копії, старші за термін зберігання. Найновіша копія зберігається завжди.</translation>
    </message>
    <message>
        <source>delete %1  (%2, %3)</source>
        <translation>видалити %1  (%2, %3)</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n backup(s)</source>
        <translation>
            <numerusform>Видалити %n копію</numerusform>
            <numerusform>Видалити %n копії</numerusform>
            <numerusform>Видалити %n копій</numerusform>
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
        <translation>Очищення старих образів</translation>
    </message>
    <message>
        <source>Reading the registries…</source>
        <translation>Читання реєстрів…</translation>
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
        <translation>Зібрано / чому залишається</translation>
    </message>
    <message>
        <source>Nothing is deleted until you press Delete.</source>
        <translation>Нічого не буде видалено, доки ви не натиснете «Видалити».</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>The rollback history cannot be read, so nothing is deleted: %1</source>
        <translation>Не вдалося прочитати історію відкатів, тому нічого не видаляється: %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete (%n tag(s))</source>
        <translation>
            <numerusform>Видалити (%n тег)</numerusform>
            <numerusform>Видалити (%n теги)</numerusform>
            <numerusform>Видалити (%n тегів)</numerusform>
        </translation>
    </message>
    <message>
        <source>build time unknown</source>
        <translation>час збирання невідомий</translation>
    </message>
    <message numerus="yes">
        <source>Keep (%n tag(s))</source>
        <translation>
            <numerusform>Залишити (%n тег)</numerusform>
            <numerusform>Залишити (%n теги)</numerusform>
            <numerusform>Залишити (%n тегів)</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not be read (nothing of these is deleted)</source>
        <translation>Не вдалося прочитати (з цього нічого не видаляється)</translation>
    </message>
    <message>
        <source>Nothing to delete: every image is still wanted.</source>
        <translation>Видаляти нічого: усі образи ще потрібні.</translation>
    </message>
    <message>
        <source>Nothing to delete among the artifacts that could be read.</source>
        <translation>Серед артефактів, які вдалося прочитати, видаляти нічого.</translation>
    </message>
    <message>
        <source>%1 tag(s) in %2 image(s) will be deleted from the registries; %3 kept. A deleted image cannot be restored by ReleaseDeck.</source>
        <translation>З реєстрів буде видалено тегів: %1 (образів: %2); залишиться: %3. ReleaseDeck не зможе відновити видалений образ.</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Image(s)</source>
        <translation>
            <numerusform>Видалити %n образ</numerusform>
            <numerusform>Видалити %n образи</numerusform>
            <numerusform>Видалити %n образів</numerusform>
        </translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Deleted %1 tag(s) in %2 image(s).</source>
        <translation>Видалено тегів: %1 (образів: %2).</translation>
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
        <translation>Дві колонки</translation>
    </message>
    <message>
        <source>Filter files by path</source>
        <translation>Фільтр файлів за шляхом</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Коміт</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Повідомлення</translation>
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
        <translation>Файли</translation>
    </message>
    <message>
        <source>Commits</source>
        <translation>Коміти</translation>
    </message>
    <message>
        <source>Only in target</source>
        <translation>Лише в цільовому середовищі</translation>
    </message>
    <message>
        <source>Find in file (Ctrl+F)</source>
        <translation>Пошук (Ctrl+F)</translation>
    </message>
    <message>
        <source>Comparing %1: %2 → %3…</source>
        <translation>Порівняння %1: %2 → %3…</translation>
    </message>
    <message>
        <source>Cannot compare %1 with %2: %3</source>
        <translation>Не вдалося порівняти %1 з %2: %3</translation>
    </message>
    <message>
        <source>Commits (%1)</source>
        <translation>Коміти (%1)</translation>
    </message>
    <message>
        <source>Only in %1 (%2)</source>
        <translation>Лише в %1 (%2)</translation>
    </message>
    <message>
        <source>%1 and %2 run the same commit: there is nothing to promote.</source>
        <translation>У %1 і %2 працює той самий коміт: просувати нічого.</translation>
    </message>
    <message>
        <source>No file differs between %1 and %2.</source>
        <translation>Між %1 і %2 файли не відрізняються.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: promoting &lt;b&gt;%2&lt;/b&gt; into &lt;b&gt;%3&lt;/b&gt; changes %n file(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: просування &lt;b&gt;%2&lt;/b&gt; до &lt;b&gt;%3&lt;/b&gt; змінить %n файл</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: просування &lt;b&gt;%2&lt;/b&gt; до &lt;b&gt;%3&lt;/b&gt; змінить %n файли</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: просування &lt;b&gt;%2&lt;/b&gt; до &lt;b&gt;%3&lt;/b&gt; змінить %n файлів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, in %n commit(s).</source>
        <translation>
            <numerusform>, у %n коміті.</numerusform>
            <numerusform>, у %n комітах.</numerusform>
            <numerusform>, у %n комітах.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n commit(s) that %2 lacks: promoting would drop them.</source>
        <translation>
            <numerusform>У %1 є %n коміт, якого немає в %2: після просування його буде втрачено.</numerusform>
            <numerusform>У %1 є %n коміти, яких немає в %2: після просування їх буде втрачено.</numerusform>
            <numerusform>У %1 є %n комітів, яких немає в %2: після просування їх буде втрачено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge: %1</source>
        <translation>Злиття: %1</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>Увесь файл</translation>
    </message>
    <message>
        <source>Show the unchanged lines between the changes too, not only three around each (each fold also opens on a click).</source>
        <translation>Показувати й незмінені рядки між змінами, а не лише по три навколо кожної (кожен згорнутий фрагмент також розгортається клацанням).</translation>
    </message>
    <message>
        <source>Find in all files (Ctrl+F)</source>
        <translation>Пошук в усіх файлах (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3), in this file or the ones before</source>
        <translation>Попередній збіг (Shift+F3) у цьому або попередніх файлах</translation>
    </message>
    <message>
        <source>Next match (F3), in this file or the ones after</source>
        <translation>Наступний збіг (F3) у цьому або наступних файлах</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Немає збігів</translation>
    </message>
    <message>
        <source>%1 of %2 in 1 file</source>
        <translation>%1 з %2 в 1 файлі</translation>
    </message>
    <message>
        <source>%1 of %2 in %3 files</source>
        <translation>%1 з %2, файлів: %3</translation>
    </message>
    <message>
        <source>%1 matches in 1 file</source>
        <translation>Збігів: %1 в 1 файлі</translation>
    </message>
    <message>
        <source>%1 matches in %2 files</source>
        <translation>Збігів: %1, файлів: %2</translation>
    </message>
    <message>
        <source>(searching %1 of %2 files…)</source>
        <translation>(пошук: файл %1 з %2…)</translation>
    </message>
</context>
<context>
    <name>rd::ui::DiffFilesModel</name>
    <message>
        <source> (%1% similar)</source>
        <translation> (схожість %1%)</translation>
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
        <translation>двійк.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Додано</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Видалено</translation>
    </message>
</context>
<context>
    <name>rd::ui::DiffView</name>
    <message>
        <source>Choose a file to see its changes.</source>
        <translation>Виберіть файл, щоб переглянути його зміни.</translation>
    </message>
    <message>
        <source>⋯ 1 unchanged line</source>
        <translation>⋯ 1 незмінений рядок</translation>
    </message>
    <message>
        <source>⋯ %1 unchanged lines</source>
        <translation>⋯ незмінених рядків: %1</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>Показати</translation>
    </message>
    <message>
        <source>Show %1 more</source>
        <translation>Показати ще %1</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Показати всі</translation>
    </message>
</context>
<context>
    <name>rd::ui::ExecutionView</name>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробиці</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Крок</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>The steps&apos; output appears here as it is printed.</source>
        <translation>Тут з’являтиметься вивід кроків у міру їх виконання.</translation>
    </message>
    <message>
        <source>Hide Details</source>
        <translation>Сховати подробиці</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Скасування…</translation>
    </message>
    <message>
        <source>The plan stops before its next step that may be skipped, and takes back what ran.</source>
        <translation>План зупиниться перед наступним кроком, який можна пропустити, і відкотить уже виконане.</translation>
    </message>
    <message>
        <source>taking back:</source>
        <translation>відкат:</translation>
    </message>
    <message>
        <source>recovery:</source>
        <translation>відновлення:</translation>
    </message>
    <message>
        <source>Stop before the next step and take back what ran.</source>
        <translation>Зупинити перед наступним кроком і відкотити виконане.</translation>
    </message>
    <message>
        <source>The last step is running; it cannot be stopped halfway.</source>
        <translation>Виконується останній крок; його не можна зупинити посередині.</translation>
    </message>
    <message>
        <source>Step %1 must follow this one; the plan cannot stop here.</source>
        <translation>Після цього кроку має виконатися крок %1; зупинити план тут не можна.</translation>
    </message>
    <message>
        <source>Elapsed: %1</source>
        <translation>Минуло: %1</translation>
    </message>
    <message>
        <source>Step %1 (%2) failed: %3</source>
        <translation>Крок %1 (%2) завершився помилкою: %3</translation>
    </message>
    <message>
        <source>%1 did not finish.</source>
        <translation>%1 не завершено.</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Усього: %1</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: виконано</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: скасовано</translation>
    </message>
    <message>
        <source>%1: FAILED</source>
        <translation>%1: ПОМИЛКА</translation>
    </message>
</context>
<context>
    <name>rd::ui::FilePatch</name>
    <message>
        <source>Submodule changed.</source>
        <translation>Підмодуль змінено.</translation>
    </message>
    <message>
        <source>Binary file: %1 bytes before, %2 bytes after.</source>
        <translation>Двійковий файл. Розмір у байтах: було %1, стало %2.</translation>
    </message>
    <message>
        <source>Large change: %1 lines added, %2 removed. Not shown; use releasedeck-cli diff --patch to read it.</source>
        <translation>Велика зміна: додано рядків — %1, видалено — %2. Не показано; щоб переглянути, скористайтеся releasedeck-cli diff --patch.</translation>
    </message>
    <message>
        <source>No newline at end of file</source>
        <translation>Немає символу нового рядка в кінці файлу</translation>
    </message>
    <message>
        <source>Mode changed from %1 to %2.</source>
        <translation>Режим файлу змінено з %1 на %2.</translation>
    </message>
    <message>
        <source>No content change.</source>
        <translation>Вміст не змінився.</translation>
    </message>
</context>
<context>
    <name>rd::ui::HealthModel</name>
    <message>
        <source>healthy</source>
        <translation>у нормі</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>з проблемами</translation>
    </message>
    <message>
        <source>down</source>
        <translation>недоступно</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>невідомо</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Середовище</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Перевірка</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Затримка</translation>
    </message>
    <message>
        <source>Recent latency</source>
        <translation>Історія затримки</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Остання помилка</translation>
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
        <translation>Час</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Дія</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Артефакт</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Середовище</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Було</translation>
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
        <translation>Користувач</translation>
    </message>
</context>
<context>
    <name>rd::ui::HistoryPanel</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n запис</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записів</numerusform>
        </translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Експорт у CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Експорт у JSON…</translation>
    </message>
    <message>
        <source>Artifact:</source>
        <translation>Артефакт:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Середовище:</translation>
    </message>
    <message>
        <source>No promotion or rollback has been recorded for this workspace yet.</source>
        <translation>Для цього робочого простору ще не записано жодного просування чи відкату.</translation>
    </message>
    <message>
        <source>All artifacts</source>
        <translation>Усі артефакти</translation>
    </message>
    <message>
        <source>All environments</source>
        <translation>Усі середовища</translation>
    </message>
    <message>
        <source>Export History as JSON</source>
        <translation>Експорт історії в JSON</translation>
    </message>
    <message>
        <source>Export History as CSV</source>
        <translation>Експорт історії в CSV</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Файли JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файли CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>Експортовано %n запис у %1.</numerusform>
            <numerusform>Експортовано %n записи у %1.</numerusform>
            <numerusform>Експортовано %n записів у %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActionWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копіювати</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>No output yet.</source>
        <translation>Виводу ще немає.</translation>
    </message>
    <message>
        <source>Copy the output shown to the clipboard</source>
        <translation>Копіювати показаний вивід у буфер обміну</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Виконання…</translation>
    </message>
    <message numerus="yes">
        <source>… %n earlier line(s) not shown</source>
        <translation>
            <numerusform>… %n попередній рядок не показано</numerusform>
            <numerusform>… %n попередні рядки не показано</numerusform>
            <numerusform>… %n попередніх рядків не показано</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Скасування…</translation>
    </message>
    <message>
        <source>✓ Exit status 0: succeeded in %1 s.</source>
        <translation>✓ Код виходу 0: успішно за %1 с.</translation>
    </message>
    <message>
        <source>Cancelled after %1 s. %2</source>
        <translation>Скасовано через %1 с. %2</translation>
    </message>
    <message>
        <source>✗ Failed after %1 s: %2</source>
        <translation>✗ Помилка через %1 с: %2</translation>
    </message>
    <message>
        <source>Elapsed: %1 s</source>
        <translation>Минуло: %1 с</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostActions</name>
    <message>
        <source>Restart…</source>
        <translation>Перезапустити…</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Журнали</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>The environment %1 has no %2 command: add environments.%1.%2 to the workspace file ({ssh: {host: …, command: …}} or {local: {command: …}}).</source>
        <translation>Для середовища %1 немає команди %2: додайте environments.%1.%2 у файл робочого простору ({ssh: {host: …, command: …}} або {local: {command: …}}).</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Перезапустити</translation>
    </message>
    <message>
        <source>%1 is protected. Type its name to restart:</source>
        <translation>%1 — захищене середовище. Щоб перезапустити, введіть його назву:</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostKeyDialog</name>
    <message>
        <source>Unknown Host Key</source>
        <translation>Невідомий ключ хоста</translation>
    </message>
    <message>
        <source>The host key of %1 is not known.</source>
        <translation>Ключ хоста %1 невідомий.</translation>
    </message>
    <message>
        <source>No known_hosts file holds the key this server presents. Compare the fingerprint with the one the server&apos;s administrator gives you (ssh-keygen -lf on the server&apos;s host key). Trust it only if they are identical.</source>
        <translation>Жоден файл known_hosts не містить ключа, який надає цей сервер. Порівняйте відбиток із тим, що вам надасть адміністратор сервера (ssh-keygen -lf для ключа хоста на сервері). Довіряйте ключу, лише якщо вони ідентичні.</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Хост:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адреса:</translation>
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
        <translation>Відбиток:</translation>
    </message>
    <message>
        <source>Recorded in:</source>
        <translation>Буде записано в:</translation>
    </message>
    <message>
        <source>Trust and Connect</source>
        <translation>Довіряти й під’єднатися</translation>
    </message>
</context>
<context>
    <name>rd::ui::HostPrompts</name>
    <message>
        <source>Key Passphrase</source>
        <translation>Парольна фраза ключа</translation>
    </message>
    <message>
        <source>Passphrase of the key file %1 (to log in to %2):</source>
        <translation>Парольна фраза файлу ключа %1 (для входу на %2):</translation>
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
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Ви&amp;йти</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>ReleaseDeck</source>
        <translation>ReleaseDeck</translation>
    </message>
    <message>
        <source>Open a workspace file (releasedeck.yaml) to see what runs where.</source>
        <translation>Відкрийте файл робочого простору (releasedeck.yaml), щоб побачити, що де працює.</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>&amp;Відкрити робочий простір…</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Відкрити робочий простір</translation>
    </message>
    <message>
        <source>Workspace files (*.yaml *.yml)</source>
        <translation>Файли робочого простору (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Основна панель</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Завантаження %1…</translation>
    </message>
    <message>
        <source>The workspace file has problems:</source>
        <translation>У файлі робочого простору є помилки:</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in %1</source>
        <translation>
            <numerusform>%n помилка в %1</numerusform>
            <numerusform>%n помилки в %1</numerusform>
            <numerusform>%n помилок в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — ReleaseDeck</source>
        <translation>%1 — ReleaseDeck</translation>
    </message>
    <message>
        <source>This workspace defines no artifacts yet.</source>
        <translation>У цьому робочому просторі ще немає артефактів.</translation>
    </message>
    <message>
        <source>%1: %2 artifacts × %3 environments, read in %4 ms</source>
        <translation>%1: артефактів — %2, середовищ — %3, прочитано за %4 мс</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>Матриця</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Порівняння</translation>
    </message>
    <message>
        <source>&amp;Compare with Previous Environment</source>
        <translation>&amp;Порівняти з попереднім середовищем</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>What promoting the left environment into the right one would change. Select one cell to compare it with the environment before it, or two cells of a row.</source>
        <translation>Що зміниться під час просування лівого середовища в праве. Виберіть одну клітинку, щоб порівняти її з попереднім середовищем, або дві клітинки одного рядка.</translation>
    </message>
    <message>
        <source>Select a cell of an environment that has one before it (or two cells of one row) to compare.</source>
        <translation>Щоб порівняти, виберіть клітинку середовища, перед яким є інше (або дві клітинки одного рядка).</translation>
    </message>
    <message>
        <source>Nothing to compare: %1 in %2 and %3 is not in this workspace.</source>
        <translation>Нічого порівнювати: %1 у %2 і %3 немає в цьому робочому просторі.</translation>
    </message>
    <message>
        <source>%1 names no git repository, so there is no code to compare.</source>
        <translation>Для %1 не вказано репозиторій git, тож немає коду для порівняння.</translation>
    </message>
    <message>
        <source>%1 in %2 does not say which commit it was built from.</source>
        <translation>%1 у %2 не вказує, з якого коміту його зібрано.</translation>
    </message>
    <message>
        <source>%1 has never been deployed to %2.</source>
        <translation>%1 ще жодного разу не розгортали в %2.</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>%1 is down</source>
        <translation>%1 недоступне</translation>
    </message>
    <message>
        <source>Its health checks fail. Open ReleaseDeck&apos;s Health tab for the errors.</source>
        <translation>Його перевірки стану не проходять. Помилки — на вкладці «Стан» у ReleaseDeck.</translation>
    </message>
    <message>
        <source>%1 is healthy again</source>
        <translation>%1 знову в нормі</translation>
    </message>
    <message>
        <source>All its health checks pass.</source>
        <translation>Усі його перевірки стану проходять.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервні копії</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Історія</translation>
    </message>
    <message>
        <source>&amp;Registry</source>
        <translation>&amp;Реєстр</translation>
    </message>
    <message>
        <source>&amp;Clean Up Old Images…</source>
        <translation>&amp;Очистити старі образи…</translation>
    </message>
    <message>
        <source>Deletes old versions by each artifact&apos;s retention policy, after showing the plan.</source>
        <translation>Видаляє старі версії згідно з політикою зберігання кожного артефакту, попередньо показавши план.</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixCellDelegate</name>
    <message>
        <source>behind</source>
        <translation>відстає</translation>
    </message>
    <message>
        <source>ahead</source>
        <translation>попереду</translation>
    </message>
    <message>
        <source>live %1</source>
        <translation>насправді %1</translation>
    </message>
    <message>
        <source>Promote to %1 ▸</source>
        <translation>Просунути в %1 ▸</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Відкотити</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixModel</name>
    <message>
        <source>not deployed</source>
        <translation>не розгорнуто</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>помилка читання</translation>
    </message>
    <message>
        <source>%1 has never been deployed to %2 (no &apos;%3&apos; tag in %4).</source>
        <translation>%1 ще жодного разу не розгортали в %2 (у %4 немає тегу «%3»).</translation>
    </message>
    <message>
        <source>Digest: %1</source>
        <translation>Дайджест: %1</translation>
    </message>
    <message>
        <source>Commit: %1 %2</source>
        <translation>Коміт: %1 %2</translation>
    </message>
    <message>
        <source>Built: %1 (%2)</source>
        <translation>Зібрано: %1 (%2)</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Теги: %1</translation>
    </message>
    <message>
        <source>Behind %1, which runs %2.</source>
        <translation>Відстає від %1, де працює %2.</translation>
    </message>
    <message>
        <source>Ahead of %1, which runs %2: a stage was skipped.</source>
        <translation>Випереджає %1, де працює %2: етап пропущено.</translation>
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
        <translation>%1 (захищене)</translation>
    </message>
    <message>
        <source>Registry tag: %1</source>
        <translation>Тег у реєстрі: %1</translation>
    </message>
    <message>
        <source>Git branch: %1</source>
        <translation>Гілка git: %1</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 с тому</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 хв тому</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 год тому</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 дн тому</translation>
    </message>
    <message>
        <source>%1 mo ago</source>
        <translation>%1 міс тому</translation>
    </message>
    <message>
        <source>%1 y ago</source>
        <translation>%1 р тому</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>Стан: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Drift&lt;/b&gt;: the environment reports %1 running, not %2.</source>
        <translation>&lt;b&gt;Розбіжність&lt;/b&gt;: середовище повідомляє, що працює %1, а не %2.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Last change&lt;/b&gt;: %1</source>
        <translation>&lt;b&gt;Остання зміна&lt;/b&gt;: %1</translation>
    </message>
</context>
<context>
    <name>rd::ui::MatrixView</name>
    <message>
        <source>Copy Version</source>
        <translation>Копіювати версію</translation>
    </message>
    <message>
        <source>Copy Digest</source>
        <translation>Копіювати дайджест</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Copy Commit</source>
        <translation>Копіювати коміт</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Environments in promotion order, left to right. &lt;span style=&apos;color:#c27c00&apos;&gt;&lt;b&gt;behind&lt;/b&gt;&lt;/span&gt;: older than the environment to its left. &lt;span style=&apos;color:#1565c0&apos;&gt;&lt;b&gt;ahead&lt;/b&gt;&lt;/span&gt;: newer than it (a stage was skipped). Dashed: never deployed. &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;live&lt;/b&gt;&lt;/span&gt;: the environment reports another version (drift). @digest ⎇ commit.</source>
        <translation>Середовища в порядку просування, зліва направо. &lt;span style=&apos;color:#c27c00&apos;&gt;&lt;b&gt;відстає&lt;/b&gt;&lt;/span&gt;: версія старіша, ніж у середовищі ліворуч. &lt;span style=&apos;color:#1565c0&apos;&gt;&lt;b&gt;попереду&lt;/b&gt;&lt;/span&gt;: новіша за неї (етап пропущено). Пунктир: ще не розгорталося. &lt;span style=&apos;color:#c62828&apos;&gt;&lt;b&gt;насправді&lt;/b&gt;&lt;/span&gt;: середовище повідомляє іншу версію (розбіжність). @дайджест ⎇ коміт.</translation>
    </message>
</context>
<context>
    <name>rd::ui::PromoteDialog</name>
    <message>
        <source>Commit</source>
        <translation>Коміт</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Повідомлення</translation>
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
        <translation>&lt;span style=&apos;font-size:large&apos;&gt;У %1 працює &lt;tt&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/tt&gt; &amp;nbsp;→&amp;nbsp; працюватиме &lt;tt&gt;&lt;b&gt;%3&lt;/b&gt;&lt;/tt&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Reading the changelog…</source>
        <translation>Читання списку змін…</translation>
    </message>
    <message>
        <source>(undone if a later step fails)</source>
        <translation>(буде відкочено, якщо наступний крок не вдасться)</translation>
    </message>
    <message>
        <source>Nothing to do: %1 already runs %2.</source>
        <translation>Робити нічого: у %1 вже працює %2.</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>Відкотити</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Просунути</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Що зміниться</translation>
    </message>
    <message>
        <source>What ReleaseDeck will do</source>
        <translation>Що зробить ReleaseDeck</translation>
    </message>
    <message>
        <source>%1 is protected. Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>%1 — захищене середовище. Щоб підтвердити, введіть &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>Reason for overriding the freeze (recorded in the audit log):</source>
        <translation>Причина обходу заморожування (буде записано в журнал аудиту):</translation>
    </message>
    <message>
        <source>e.g. hotfix for the checkout outage, approved by the on-call lead</source>
        <translation>напр., термінове виправлення збою оформлення замовлень, погоджено черговим керівником</translation>
    </message>
    <message>
        <source>bin</source>
        <translation>двійк.</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n commit(s) that %1 runs now are not in %2 and would be dropped.</source>
        <translation>
            <numerusform>⚠ %n коміт, який зараз є в %1, відсутній у %2 і буде втрачений.</numerusform>
            <numerusform>⚠ %n коміти, які зараз є в %1, відсутні в %2 і будуть втрачені.</numerusform>
            <numerusform>⚠ %n комітів, які зараз є в %1, відсутні в %2 і будуть втрачені.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rd::ui::ReleaseController</name>
    <message>
        <source>Choose a deployed cell that has an environment after it to promote.</source>
        <translation>Щоб просунути, виберіть розгорнуту клітинку середовища, після якого є інше.</translation>
    </message>
    <message>
        <source>Choose a cell of an environment to roll back.</source>
        <translation>Щоб виконати відкат, виберіть клітинку середовища.</translation>
    </message>
    <message>
        <source>Open a workspace first.</source>
        <translation>Спочатку відкрийте робочий простір.</translation>
    </message>
    <message>
        <source>A plan is running; wait for it to finish before starting another.</source>
        <translation>Виконується план; дочекайтеся його завершення, перш ніж запускати інший.</translation>
    </message>
    <message>
        <source>Planning: %1 %2 to %3…</source>
        <translation>Планування: %1 %2 → %3…</translation>
    </message>
    <message>
        <source>Promote a Version</source>
        <translation>Просування версії</translation>
    </message>
    <message>
        <source>Roll Back to a Version</source>
        <translation>Відкат до версії</translation>
    </message>
    <message>
        <source>Version of %1 to run in %2:</source>
        <translation>Версія %1, яка працюватиме в %2:</translation>
    </message>
    <message>
        <source>Version of %1 to roll %2 back to:</source>
        <translation>Версія %1, до якої відкотити %2:</translation>
    </message>
    <message>
        <source>Promote Version…</source>
        <translation>Просунути версію…</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Відкотити</translation>
    </message>
    <message>
        <source>Rollback To…</source>
        <translation>Відкотити до…</translation>
    </message>
</context>
</TS>
