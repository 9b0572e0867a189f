// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard window, offscreen: loading the demo, a broken workspace file, stale results
// of overlapping loads, and a rendered picture.
#include "demo/demoworkspace.h"
#include "mainwindow.h"
#include "matrixmodel.h"
#include "matrixview.h"

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Qt::StringLiterals;
using rd::ui::MainWindow;

namespace {

// Loads are waited for by polling the spy, not with QSignalSpy::wait(): a load that ends before
// its continuation is attached reports synchronously, inside openWorkspace() (QFuture::then
// runs the continuation at once when the future is already finished), before wait() listens.
constexpr int LoadTimeoutMs = 30'000;

QString statusText(const MainWindow &window)
{
    QStringList texts;
    for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
        texts.append(label->text());
    return texts.join(u" | "_s);
}

QLabel *messageLabel(const MainWindow &window)
{
    return window.matrixView()->findChild<QLabel *>(u"matrixMessage"_s);
}

// Lets every background load end and its result (stale or not) reach the GUI thread.
void settle()
{
    QThreadPool::globalInstance()->waitForDone(LoadTimeoutMs);
    for (int i = 0; i < 5; ++i)
        QTest::qWait(50);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto file = rd::demo::createDemoWorkspace(m_dir.filePath(u"demo"_s));
        QVERIFY2(file, qPrintable(file ? QString() : file.error().toString()));
        m_demoFile = *file;

        // The same workspace under another name, next to it so relative paths still resolve.
        QFile demo(m_demoFile);
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QByteArray copy = demo.readAll();
        QVERIFY(copy.contains("\nname: hockey-demo\n"));
        copy.replace("\nname: hockey-demo\n", "\nname: hockey-copy\n");
        m_copyFile = QFileInfo(m_demoFile).dir().filePath(u"copy.yaml"_s);
        QVERIFY(writeFile(m_copyFile, copy));

        // An unknown key on line 5.
        m_brokenFile = m_dir.filePath(u"broken.yaml"_s);
        QVERIFY(writeFile(m_brokenFile, "version: 1\n"
                                        "name: broken\n"
                                        "environments:\n"
                                        "  - name: dev\n"
                                        "    colour: blue\n"));
    }

    void opensTheDemo()
    {
        MainWindow window;
        window.resize(1200, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), u"ReleaseDeck"_s);
        QVERIFY(messageLabel(window));
        QVERIFY(messageLabel(window)->isVisible()); // "open a workspace" until one is loaded

        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_demoFile);
        QCOMPARE(window.workspaceFile(), m_demoFile);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);

        QTableView *table = window.matrixView()->table();
        QCOMPARE(table->model(), window.matrixModel());
        QCOMPARE(table->model()->rowCount(), 3);
        QCOMPARE(table->model()->columnCount(), 5);
        QVERIFY(table->isVisible());
        QVERIFY(!messageLabel(window)->isVisible());
        QCOMPARE(table->model()->index(0, 1).data().toString(), u"v1.6.0"_s);
        QCOMPARE(table->model()->index(2, 4).data().toString(), u"not deployed"_s);
        QVERIFY2(window.windowTitle().contains(u"hockey-demo"_s), qPrintable(window.windowTitle()));
        const QString status = statusText(window);
        QVERIFY2(QRegularExpression(u"hockey-demo: 3 artifacts × 4 environments, read in \\d+ ms"_s).match(status).hasMatch(),
                 qPrintable(status));
    }

    void brokenWorkspaceShowsTheProblem()
    {
        MainWindow window;
        window.resize(1000, 500);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_brokenFile);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        QCOMPARE(finished.first().first().toBool(), false);

        QLabel *message = messageLabel(window);
        QVERIFY(message->isVisible());
        QVERIFY(!window.matrixView()->table()->isVisible());
        QVERIFY2(message->text().startsWith(u"The workspace file has problems:"_s), qPrintable(message->text()));
        QVERIFY2(QRegularExpression(QRegularExpression::escape(m_brokenFile) + u":5:\\d+: .*colour"_s).match(message->text()).hasMatch(),
                 qPrintable(message->text()));
        QCOMPARE(window.matrixModel()->rowCount(), 0);
        QCOMPARE(window.windowTitle(), u"ReleaseDeck"_s);
        QVERIFY2(statusText(window).contains(m_brokenFile), qPrintable(statusText(window)));

        // Fixing the file and reloading replaces the message with the table.
        const QString fixed = QFileInfo(m_demoFile).dir().filePath(u"fixed.yaml"_s);
        QVERIFY(QFile::copy(m_demoFile, fixed));
        finished.clear();
        window.openWorkspace(fixed);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(!message->isVisible());
        QCOMPARE(window.matrixModel()->rowCount(), 3);
    }

    void overlappingLoadsApplyOnlyTheNewest()
    {
        MainWindow window;
        window.resize(1000, 500);
        window.show();
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_demoFile);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        settle();
        finished.clear();

        // Two reloads in a row. A result that arrives after a newer load started is stale and
        // dropped; only a load that already ended inside its own call (see LoadTimeoutMs) may
        // have reported before the second one started.
        window.reload();
        qsizetype beforeNewest = finished.count();
        window.reload();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > beforeNewest, LoadTimeoutMs);
        settle();
        QCOMPARE(finished.count() - beforeNewest, 1);
        QCOMPARE(finished.last().first().toBool(), true);
        QCOMPARE(window.matrixModel()->rowCount(), 3);

        // A valid workspace then a broken one: the broken one's result is the one that stays.
        finished.clear();
        window.openWorkspace(m_copyFile);
        beforeNewest = finished.count();
        window.openWorkspace(m_brokenFile);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > beforeNewest, LoadTimeoutMs);
        settle();
        QCOMPARE(finished.count() - beforeNewest, 1); // the copy's late result was dropped
        QCOMPARE(finished.last().first().toBool(), false);
        QCOMPARE(window.matrixModel()->rowCount(), 0);
        QVERIFY(messageLabel(window)->isVisible());
        QVERIFY(messageLabel(window)->text().contains(m_brokenFile));

        // And the other way round.
        finished.clear();
        window.openWorkspace(m_brokenFile);
        beforeNewest = finished.count();
        window.openWorkspace(m_copyFile);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > beforeNewest, LoadTimeoutMs);
        settle();
        QCOMPARE(finished.count() - beforeNewest, 1);
        QCOMPARE(finished.last().first().toBool(), true);
        QVERIFY2(window.windowTitle().contains(u"hockey-copy"_s), qPrintable(window.windowTitle()));
        QVERIFY2(statusText(window).startsWith(u"hockey-copy: 3 artifacts"_s), qPrintable(statusText(window)));
        QCOMPARE(window.workspaceFile(), m_copyFile);
        QCOMPARE(window.matrixModel()->rowCount(), 3);
        QVERIFY(!messageLabel(window)->isVisible());
    }

    void windowGoneBeforeLoadEnds()
    {
        // A load still running when its window closes must not touch the dead window (a crash
        // or a hang here is the failure), and must not keep the worker pool busy.
        for (int i = 0; i < 5; ++i) {
            auto *window = new MainWindow;
            window->openWorkspace(m_demoFile);
            delete window;
        }
        QVERIFY(QThreadPool::globalInstance()->waitForDone(LoadTimeoutMs));
        QTest::qWait(100); // deliver whatever the dead windows' jobs posted

        // The application goes on working.
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_demoFile);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(window.matrixModel()->rowCount(), 3);
    }

    void screenshot()
    {
        MainWindow window;
        window.resize(1200, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openWorkspace(m_demoFile);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), LoadTimeoutMs);
        window.matrixModel()->setNow(rd::demo::demoEpoch().addDays(40));

        const QString png = m_dir.filePath(u"window.png"_s);
        QVERIFY(window.grab().save(png, "PNG"));
        QVERIFY(QFileInfo(png).size() > 0);
        QImage image;
        QVERIFY(image.load(png));
        QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        }
        qDebug("%lld distinct colours in the screenshot", qlonglong(colours.size()));
        QVERIFY2(colours.size() > 1, "the screenshot is a single colour");
    }

private:
    QTemporaryDir m_dir;
    QString m_demoFile;
    QString m_copyFile;
    QString m_brokenFile;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
