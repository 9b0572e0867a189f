// SPDX-License-Identifier: GPL-3.0-or-later
// The built releasedeck renders the demo offscreen to a PNG of the size asked for.
#include "processrun.h"
#include "testdata.h"

#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Run = rd::test::ProcessRun;

Run runGui(const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // The app gives up by itself after 2 minutes; wait a little longer than that.
    return rd::test::runProcess(rd::test::binaryPath(u"releasedeck"_s), arguments, environment, {}, 150'000);
}

QString describe(const Run &r)
{
    return r.describe();
}

} // namespace

class TestScreenshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(rd::test::binaryPath(u"releasedeck"_s)).isExecutable(),
                 qPrintable(rd::test::binaryPath(u"releasedeck"_s) + u" is not built (RD_BIN_DIR)"_s));
        QVERIFY(m_dir.isValid());
    }

    void demoScreenshot()
    {
        const QString png = m_dir.filePath(u"matrix.png"_s);
        const Run r = runGui({u"--demo"_s, u"--screenshot"_s, png, u"--size"_s, u"1200x600"_s});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains(png), qPrintable(describe(r)));
        QVERIFY(QFileInfo(png).size() > 0);
        QImage image;
        QVERIFY2(image.load(png, "PNG"), qPrintable(png));
        QCOMPARE(image.size(), QSize(1200, 600));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 1, "the screenshot is a single colour");
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("size too small") << QStringList{u"--demo"_s, u"--screenshot"_s, u"x.png"_s, u"--size"_s, u"100x100"_s} << u"--size"_s;
        QTest::newRow("size not WxH") << QStringList{u"--demo"_s, u"--screenshot"_s, u"x.png"_s, u"--size"_s, u"big"_s} << u"'big'"_s;
        QTest::newRow("unknown view") << QStringList{u"--demo"_s, u"--screenshot"_s, u"x.png"_s, u"--view"_s, u"nope"_s} << u"--view 'nope'"_s;
        QTest::newRow("file and demo") << QStringList{u"--demo"_s, u"some.yaml"_s, u"--screenshot"_s, u"x.png"_s} << u"not both"_s;
    }
    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = runGui(arguments);
        QVERIFY2(r.finished && r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(message), qPrintable(describe(r)));
        QVERIFY(!QFileInfo::exists(u"x.png"_s));
    }

    // Over SSH or in CI there is no display: --help and --version still answer, and opening
    // a window fails with a sentence instead of Qt's abort about platform plugins.
    void withoutDisplay()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
            environment.remove(name);
        const QString gui = rd::test::binaryPath(u"releasedeck"_s);
        const Run help = rd::test::runProcess(gui, {u"--help"_s}, environment);
        QVERIFY2(help.finished && help.exitCode == 0 && help.out.contains(u"--screenshot"_s), qPrintable(describe(help)));
        const Run version = rd::test::runProcess(gui, {u"--version"_s}, environment);
        QVERIFY2(version.finished && version.exitCode == 0 && version.out.startsWith(u"ReleaseDeck "_s), qPrintable(describe(version)));
        const Run window = rd::test::runProcess(gui, {u"--demo"_s}, environment);
        QVERIFY2(window.finished && window.exitCode == 2, qPrintable(describe(window)));
        QVERIFY2(window.err.contains(u"no display"_s) && window.err.contains(u"releasedeck-cli"_s), qPrintable(describe(window)));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
