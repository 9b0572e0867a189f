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

        // Select everything and copy: the text is the patch of the file.
        diff->setMode(DiffView::Mode::Unified);
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
