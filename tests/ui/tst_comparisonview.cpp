// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison as a person uses it: from the demo's matrix, compare api between dev and
// prod, open a file, switch modes, search, select and copy. Screenshots of both modes go to
// $RD_SCREENSHOT_DIR when it is set (to look at them), else to a temporary folder.
#include "demo/demoworkspace.h"
#include "diff/comparisonview.h"
#include "diff/difffilesmodel.h"
#include "diff/diffview.h"
#include "mainwindow.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace rd::ui;

class TestComparisonView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_workspace;

    QString screenshotPath(const QString &name) const
    {
        const QString dir = qEnvironmentVariable("RD_SCREENSHOT_DIR", m_dir.path());
        return dir + u'/' + name;
    }

    // Waits for a spy with a deadline; the signal may already have arrived.
    static bool waitFor(QSignalSpy &spy, int count = 1)
    {
        return QTest::qWaitFor([&] { return spy.count() >= count; }, 30'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto file = rd::demo::createDemoWorkspace(m_dir.filePath(u"demo"_s));
        QVERIFY(file);
        m_workspace = *file;
    }

    void compareFromMatrix()
    {
        MainWindow window;
        window.resize(1400, 700);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_workspace);
        QVERIFY(waitFor(loaded));

        ComparisonView *view = window.comparisonView();
        new QAbstractItemModelTester(view->filesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, view);
        QSignalSpy compared(view, &ComparisonView::comparisonLoaded);
        QSignalSpy fileShown(view, &ComparisonView::fileLoaded);
        QVERIFY(window.compareEnvironments(u"api"_s, u"dev"_s, u"prod"_s));
        QVERIFY(waitFor(compared));
        QCOMPARE(compared.first().first().toBool(), true);

        // api v1.5.0 → v1.6.0 touches exactly these files under services/api.
        QStringList paths;
        for (const auto &file : view->filesModel()->files())
            paths.append(file.path);
        QCOMPARE(paths, (QStringList{u"services/api/CHANGELOG.md"_s, u"services/api/VERSION"_s, u"services/api/handlers.go"_s,
                                     u"services/api/main.go"_s}));
        // The changelog: the commits between the two releases, newest first.
        QCOMPARE(view->commitList()->topLevelItemCount(), 6);
        QCOMPARE(view->commitList()->topLevelItem(0)->text(1), u"api: release v1.6.0"_s);

        // The first file opens by itself; then open handlers.go.
        QVERIFY(waitFor(fileShown));
        const int handlers = int(paths.indexOf(u"services/api/handlers.go"_s));
        view->fileList()->setCurrentIndex(view->fileList()->model()->index(handlers, DiffFilesModel::PathColumn));
        QVERIFY(QTest::qWaitFor([&] { return view->diffView()->patch().file.path.endsWith(u"handlers.go"_s); }, 30'000));
        DiffView *diff = view->diffView();
        QVERIFY(diff->rowCount() > 10);
        QVERIFY(window.grab().save(screenshotPath(u"diff-unified.png"_s)));

        // Side by side pairs removals with additions, so it never has more rows than unified.
        const int unifiedRows = diff->rowCount();
        diff->setMode(DiffView::Mode::SideBySide);
        QVERIFY(diff->rowCount() <= unifiedRows);
        QVERIFY(diff->rowCount() > 0);
        QVERIFY(window.grab().save(screenshotPath(u"diff-side-by-side.png"_s)));

        // Search through the field, as a person types.
        view->searchField()->setText(u"handleStandings"_s);
        QVERIFY(diff->currentMatch() >= 0);
        QVERIFY(diff->findNext());

        // "Whole file" shows every line of the new handlers.go, not only 3 around each change.
        const int hunkRows = diff->rowCount();
        view->wholeFileOption()->setChecked(true);
        QVERIFY(QTest::qWaitFor([&] { return diff->rowCount() > hunkRows; }, 30'000));
        int hunks = 0;
        for (const auto &line : diff->patch().lines)
            hunks += line.kind == PatchLine::Kind::Hunk;
        QCOMPARE(hunks, 1);
        QCOMPARE(diff->patch().lines.at(1).newLine, 1); // starts at the file's first line
        view->wholeFileOption()->setChecked(false);
        QVERIFY(QTest::qWaitFor([&] { return diff->rowCount() == hunkRows; }, 30'000));

        // Select everything and copy: the text is the patch of the file (unfolded, so every line).
        diff->setMode(DiffView::Mode::Unified);
        view->wholeFileOption()->setChecked(true);
        diff->selectRows(0, diff->rowCount() - 1);
        const QString text = diff->selectedText();
        QVERIFY2(text.startsWith(u"@@ "_s), qPrintable(text.left(80)));
        QVERIFY(text.contains(u"\n+func handleStandings"_s));
    }

    void notDeployedCannotBeCompared()
    {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_workspace);
        QVERIFY(waitFor(loaded));
        QVERIFY(!window.compareEnvironments(u"worker"_s, u"staging"_s, u"prod"_s)); // worker never reached prod
        QVERIFY(!window.compareEnvironments(u"nope"_s, u"dev"_s, u"prod"_s));
    }

    // A second comparison started while the first one's file is still loading: nothing of the
    // first may land on the second (file list, counts, diff).
    void secondComparisonWins()
    {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_workspace);
        QVERIFY(waitFor(loaded));
        ComparisonView *view = window.comparisonView();
        QSignalSpy compared(view, &ComparisonView::comparisonLoaded);
        QVERIFY(window.compareEnvironments(u"api"_s, u"dev"_s, u"prod"_s));
        QVERIFY(waitFor(compared)); // api's first file is being read right now…
        QSignalSpy counted(view, &ComparisonView::linesCounted);
        QVERIFY(window.compareEnvironments(u"web"_s, u"dev"_s, u"prod"_s)); // …when web's comparison starts
        QVERIFY(waitFor(counted));
        QTest::qWait(200); // anything late from the first comparison would arrive now
        QVERIFY(view->filesModel()->rowCount() > 0);
        for (const auto &file : view->filesModel()->files()) {
            QVERIFY2(file.path.startsWith(u"services/web/"_s), qPrintable(file.path));
            QVERIFY(file.insertions + file.deletions > 0);
        }
        QVERIFY(QTest::qWaitFor([&] { return view->diffView()->patch().file.path.startsWith(u"services/web/"_s); }, 30'000));
    }

    // Ctrl+F searches every file of the comparison: the count says "N of M in F files", and
    // next/previous walk from the last match of a file into the next file that has one.
    void searchAcrossFiles()
    {
        MainWindow window;
        window.resize(1400, 700);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_workspace);
        QVERIFY(waitFor(loaded));
        ComparisonView *view = window.comparisonView();
        QSignalSpy compared(view, &ComparisonView::comparisonLoaded);
        QSignalSpy fileShown(view, &ComparisonView::fileLoaded);
        QVERIFY(window.compareEnvironments(u"api"_s, u"dev"_s, u"prod"_s));
        QVERIFY(waitFor(compared));
        QVERIFY(waitFor(fileShown));

        QSignalSpy searched(view, &ComparisonView::searchFinished);
        view->searchField()->setText(u"s"_s);
        QVERIFY(waitFor(searched));
        const int total = view->totalMatches();
        const int files = view->filesWithMatches();
        QVERIFY2(files >= 2, qPrintable(view->matchLabel()->text()));
        QVERIFY(total > files);
        QVERIFY(QTest::qWaitFor([&] { return view->currentMatchPosition() == 1; }, 30'000));
        QCOMPARE(view->matchLabel()->text(), u"1 of %1 in %2 files"_s.arg(total).arg(files));

        // Walk every match with "next": each file that has one is visited, in list order, and
        // the walk comes back to the first match.
        QStringList visited;
        for (int position = 1; position <= total; ++position) {
            QVERIFY2(QTest::qWaitFor([&] { return view->currentMatchPosition() == position; }, 30'000),
                     qPrintable(u"expected match %1, at %2 (%3)"_s.arg(position).arg(view->currentMatchPosition())
                                    .arg(view->matchLabel()->text())));
            const QString path = view->diffView()->patch().file.path;
            if (visited.isEmpty() || visited.last() != path)
                visited.append(path);
            if (visited.size() == 2 && position > 1 && view->diffView()->currentMatch() == 0)
                QVERIFY(window.grab().save(screenshotPath(u"diff-search-across-files.png"_s)));
            view->findNext();
        }
        QVERIFY(QTest::qWaitFor([&] { return view->currentMatchPosition() == 1; }, 30'000));
        QCOMPARE(visited.size(), files);
        QStringList sorted = visited;
        sorted.sort();
        QCOMPARE(visited, sorted); // the files' list order
        QCOMPARE(view->totalMatches(), total); // what the views found is what the search counted

        // "Previous" from the first match goes to the last match of the last file.
        view->findNext(true);
        QVERIFY(QTest::qWaitFor([&] { return view->currentMatchPosition() == total; }, 30'000));
        QCOMPARE(view->diffView()->patch().file.path, visited.last());

        // A new search text replaces the old counts; one found nowhere says so.
        view->searchField()->setText(u"no such text anywhere 7f3a"_s);
        QVERIFY(waitFor(searched, 2));
        QCOMPARE(view->totalMatches(), 0);
        QCOMPARE(view->matchLabel()->text(), u"No matches"_s);
    }

    // Unchanged lines far from any change are folded into "⋯ N unchanged lines" rows, each of
    // which unfolds 20 more lines or all of them on a click; a search hit inside a fold opens it.
    void foldsBetweenChangesUnfoldOnClick()
    {
        FilePatch patch;
        patch.file.path = u"src/folds.cpp"_s;
        patch.fullContext = true;
        patch.lines.append({PatchLine::Kind::Hunk, 1, 1, 0, u"@@ -1,252 +1,253 @@"_s});
        int oldLine = 1, newLine = 1;
        const auto context = [&](int count, const QString &word) {
            for (int i = 0; i < count; ++i, ++oldLine, ++newLine)
                patch.lines.append({PatchLine::Kind::Context, oldLine, newLine, 0, u"int %1_%2 = %2; // unchanged"_s.arg(word).arg(i)});
        };
        context(100, u"top"_s);
        patch.lines.append({PatchLine::Kind::Added, -1, newLine++, 0, u"int added_one = 1;"_s});
        patch.lines.append({PatchLine::Kind::Added, -1, newLine++, 0, u"int added_two = 2;"_s});
        context(100, u"middle"_s);
        patch.lines.append({PatchLine::Kind::Removed, oldLine++, -1, 0, u"int removed = 0;"_s});
        context(50, u"bottom"_s);
        patch.lines[71].text = u"int needle = 42; // far from any change"_s;

        DiffView view;
        view.resize(1100, 560);
        view.show();
        view.setPatch(patch);
        // 3 lines of context around each change; the rest in three folds.
        QCOMPARE(view.gapCount(), 3);
        QCOMPARE(view.gapSize(0), 97);
        QCOMPARE(view.gapSize(1), 94);
        QCOMPARE(view.gapSize(2), 47);
        const int folded = view.rowCount();
        QCOMPARE(folded, 3 + 3 + 2 + 6 + 1 + 3);

        // Click "Show 20 more" on the middle fold: 20 lines below the change above it appear.
        view.scrollToGap(1);
        QRect more = view.gapLink(1, false);
        QVERIFY(!more.isEmpty());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, more.center());
        QCOMPARE(view.gapSize(1), 74);
        QCOMPARE(view.rowCount(), folded + 20);
        QVERIFY(view.grab().save(screenshotPath(u"diff-fold-expanded.png"_s)));

        // The top fold opens towards the first change: it keeps starting at the file's top.
        view.expandGap(0, DiffView::ExpandStep);
        QCOMPARE(view.gapSize(0), 77);

        // A search hit inside a fold unfolds it when the search jumps there.
        QCOMPARE(view.setSearchText(u"needle"_s), 1);
        QVERIFY(view.findNext());
        QCOMPARE(view.gapCount(), 2);

        // "Show all" on the remaining middle fold; the bottom one stays.
        view.scrollToGap(0);
        const QRect all = view.gapLink(0, true);
        QVERIFY(!all.isEmpty());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, all.center());
        QCOMPARE(view.gapCount(), 1);
        QCOMPARE(view.gapSize(0), 47);

        // Side by side folds the same runs; "whole file" shows every line.
        view.setMode(DiffView::Mode::SideBySide);
        QCOMPARE(view.gapCount(), 1);
        view.setFolding(false);
        QCOMPARE(view.gapCount(), 0);
        QCOMPARE(view.rowCount(), int(patch.lines.size())); // header, context, and changes that pair with nothing
    }

    void summaryForAnEmptyPatch()
    {
        DiffView view;
        view.resize(400, 200);
        FilePatch patch;
        patch.summary = u"Binary file: 10 bytes before, 12 bytes after."_s;
        view.setPatch(patch);
        QCOMPARE(view.rowCount(), 0);
        view.selectRows(0, view.rowCount() - 1); // Ctrl+A on a summary
        QCOMPARE(view.selectedText(), QString());
        QVERIFY(!view.grab().isNull());
    }
};

QTEST_MAIN(TestComparisonView)
#include "tst_comparisonview.moc"
