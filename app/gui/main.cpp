// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck: the dashboard. `releasedeck [FILE | --demo] [--screenshot PNG [--size WxH] [--view matrix]]`
#include "demo/demoworkspace.h"
#include "diff/comparisonview.h"
#include "diff/difffilesmodel.h"
#include "health/healthmonitor.h"
#include "backups/backuppoller.h"
#include "mainwindow.h"
#include "matrixmodel.h"
#include "release/promotedialog.h"
#include "release/releasecontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QPainter>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "releasedeck: " << message << '\n';
    return 2;
}

// Without a display, --screenshot renders offscreen and --help/--version print and exit; anything
// else cannot show a window, and Qt would abort with a page about platform plugins. Decided
// before QApplication exists. Returns false when there is nothing this process can do.
bool chooseOffscreenWhenHeadless(int argc, char **argv)
{
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
    for (int i = 1; i < argc; ++i) {
        for (const char *windowless : {"--screenshot", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (qstrcmp(argv[i], windowless) == 0) {
                qputenv("QT_QPA_PLATFORM", "offscreen");
                return true;
            }
        }
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (!chooseOffscreenWhenHeadless(argc, argv))
        return fail(u"no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set). "
                    "Use releasedeck-cli here, or --screenshot PNG to render the window to an image."_s);
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"ReleaseDeck"_s);
    QApplication::setApplicationVersion(QStringLiteral(RD_VERSION));
    QApplication::setDesktopFileName(u"org.releasedeck.ReleaseDeck"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/org.releasedeck.ReleaseDeck.svg"_s));

    QTranslator translator;
    // The user's language, else English (which holds the plural forms of "%n file(s)").
    if (translator.load(QLocale(), u"releasedeck"_s, u"_"_s, u":/i18n"_s) || translator.load(u":/i18n/releasedeck_en.qm"_s))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Release dashboard: what runs where, what would change, ship it, undo it."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(u"demo"_s, u"Open the built-in demo workspace."_s);
    const QCommandLineOption screenshotOption(u"screenshot"_s, u"Render the main window to PNG and exit."_s, u"PNG"_s);
    const QCommandLineOption sizeOption(u"size"_s, u"Window size for --screenshot (default 1280x720)."_s, u"WxH"_s, u"1280x720"_s);
    const QCommandLineOption viewOption(u"view"_s, u"View to show for --screenshot: matrix, health, backups, history, promote:ARTIFACT:ENV, or diff:SRC:DST[:ARTIFACT]."_s, u"VIEW"_s,
                                        u"matrix"_s);
    const QCommandLineOption sideBySideOption(u"side-by-side"_s, u"Show diffs side by side instead of unified."_s);
    parser.addOptions({demoOption, screenshotOption, sizeOption, viewOption, sideBySideOption});
    parser.addPositionalArgument(u"FILE"_s, u"Workspace file (releasedeck.yaml)."_s, u"[FILE]"_s);
    parser.process(app);

    QString file = parser.positionalArguments().value(0);
    if (parser.isSet(demoOption) && !file.isEmpty())
        return fail(u"give either a workspace FILE or --demo, not both"_s);

    // The demo lives in a temporary folder for as long as the window does.
    QTemporaryDir demoDir;
    if (parser.isSet(demoOption)) {
        auto created = rd::demo::createDemoWorkspace(demoDir.filePath(u"hockey-demo"_s));
        if (!created)
            return fail(created.error().toString());
        file = *created;
    }

    const QStringList size = parser.value(sizeOption).split(u'x');
    const int width = size.value(0).toInt();
    const int height = size.value(1).toInt();
    if (size.size() != 2 || width < 320 || height < 200 || width > 8192 || height > 8192)
        return fail(u"--size must be WxH between 320x200 and 8192x8192 (got '%1')"_s.arg(parser.value(sizeOption)));
    const QStringList view = parser.value(viewOption).split(u':');
    const bool diffView = view.first() == u"diff" && (view.size() == 3 || view.size() == 4);
    const bool healthView = view.size() == 1 && view.first() == u"health";
    const bool backupsView = view.size() == 1 && view.first() == u"backups";
    const bool historyView = view.size() == 1 && view.first() == u"history";
    const bool promoteView = view.size() == 3 && view.first() == u"promote";
    if (view.first() != u"matrix" && !diffView && !healthView && !backupsView && !historyView && !promoteView)
        return fail(u"--view '%1' is not available; views: matrix, health, backups, history, promote:ARTIFACT:ENV, diff:SRC:DST[:ARTIFACT]"_s.arg(
            parser.value(viewOption)));

    rd::ui::MainWindow window;
    window.resize(width, height);
    if (parser.isSet(sideBySideOption))
        window.comparisonView()->setDiffMode(true);
    if (!parser.isSet(screenshotOption)) {
        window.show();
        if (!file.isEmpty())
            window.openWorkspace(file);
        return app.exec();
    }

    const QString png = parser.value(screenshotOption);
    int status = 0;
    const auto shoot = [&] {
        window.repaint();
        if (!window.grab().save(png, "PNG"))
            status = fail(u"cannot write the screenshot %1"_s.arg(png));
        else
            QTextStream(stdout) << png << '\n';
        app.quit();
    };
    // The confirmation dialog, drawn over the window as a person sees it.
    const auto shootDialog = [&](QWidget *dialog) {
        window.repaint();
        QPixmap picture = window.grab();
        QPainter painter(&picture);
        const QPixmap front = dialog->grab();
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 60));
        painter.drawPixmap((picture.width() - front.width()) / 2, (picture.height() - front.height()) / 2, front);
        painter.end();
        if (!picture.save(png, "PNG"))
            status = fail(u"cannot write the screenshot %1"_s.arg(png));
        else
            QTextStream(stdout) << png << '\n';
        app.quit();
    };
    QObject::connect(window.releaseController(), &rd::ui::ReleaseController::confirmationShown, &app, [&](rd::ui::PromoteDialog *dialog) {
        dialog->resize(std::min(980, width - 80), std::min(720, height - 60));
        QObject::connect(dialog, &rd::ui::PromoteDialog::changesLoaded, &app, [&, dialog] { QTimer::singleShot(100, &app, [&, dialog] { shootDialog(dialog); }); });
    });
    QObject::connect(window.releaseController(), &rd::ui::ReleaseController::refused, &app, [&](const QString &message) {
        status = fail(u"cannot plan %1: %2"_s.arg(parser.value(viewOption), message));
        shoot();
    });
    QObject::connect(&window, &rd::ui::MainWindow::loadFinished, &app, [&](bool ok) {
        if (backupsView && ok && window.backupPoller()) {
            // Every backup folder has been read once: the panel shows statuses, not "reading".
            window.showBackups();
            QObject::connect(window.backupPoller(), &rd::backups::BackupPoller::updated, &app, [&] { QTimer::singleShot(200, &app, shoot); });
            return;
        }
        if (promoteView && ok) {
            // Promote ARTIFACT into ENV from the environment before it, as the cell's button does.
            const auto &matrix = window.matrixModel()->matrix();
            const qsizetype column = matrix.environmentIndex(view[2]);
            const auto row = std::find_if(matrix.rows.cbegin(), matrix.rows.cend(), [&](const auto &r) { return r.artifact == view[1]; });
            if (column < 1 || row == matrix.rows.cend()) {
                status = fail(u"cannot promote %1 to %2: no such artifact, or no environment before it"_s.arg(view[1], view[2]));
                return shoot();
            }
            window.releaseController()->promoteCell(window.matrixModel()->index(int(row - matrix.rows.cbegin()), int(column)));
            return;
        }
        if (historyView)
            window.showHistory();
        if (!diffView && ok && window.healthMonitor() && !window.healthMonitor()->specs().isEmpty()) {
            // Every check has run once: health dots and the panel show results, not "unknown".
            if (healthView)
                window.showHealth();
            QObject::connect(window.healthMonitor(), &rd::health::HealthMonitor::idle, &app, [&] { QTimer::singleShot(200, &app, shoot); });
            return;
        }
        if (!diffView || !ok)
            return shoot();
        const auto &rows = window.matrixModel()->matrix().rows;
        const QString artifact = view.size() == 4 ? view[3] : (rows.isEmpty() ? QString() : rows.first().artifact);
        if (!window.compareEnvironments(artifact, view[1], view[2])) {
            status = fail(u"cannot compare %1 in %2 with %3 (see the status bar in the screenshot)"_s.arg(artifact, view[1], view[2]));
            shoot();
        }
    });
    // The diff screenshot is taken once the first file and all +/- counts are shown (or the
    // comparison failed).
    bool fileShown = false, counted = false;
    QObject::connect(window.comparisonView(), &rd::ui::ComparisonView::fileLoaded, &app, [&] {
        fileShown = true;
        if (counted)
            shoot();
    });
    QObject::connect(window.comparisonView(), &rd::ui::ComparisonView::linesCounted, &app, [&] {
        counted = true;
        if (fileShown)
            shoot();
    });
    QObject::connect(window.comparisonView(), &rd::ui::ComparisonView::comparisonLoaded, &app, [&](bool ok) {
        if (!ok || window.comparisonView()->filesModel()->rowCount() == 0)
            shoot();
    });
    QTimer::singleShot(120'000, &app, [&] {
        status = fail(u"the workspace took more than 2 minutes to load; no screenshot written"_s);
        app.quit();
    });
    window.show();
    if (file.isEmpty())
        QTimer::singleShot(0, &window, [&] { Q_EMIT window.loadFinished(true); });
    else
        window.openWorkspace(file);
    app.exec();
    return status;
}
