// SPDX-License-Identifier: GPL-3.0-or-later
// Promote and rollback from the GUI, offscreen, on the demo workspace: the cell's button opens
// the confirmation with the right versions and changelog, prod needs its name typed, the plan
// runs on a worker with live state, the matrix reloads to the new version, a failing step is
// explained in one sentence and taken back, cancel stops at a safe point, drops onto the next
// environment promote, and the history lists, filters and exports every plan.
//
// Until the release engine is merged the plans here are built by the test from real steps:
// one moves a tag in the demo's OCI image layout (the registry the matrix reads), one runs a
// shell command in the workspace folder. Both change real files and can fail for real.
#include "demo/demoworkspace.h"
#include "mainwindow.h"
#include "matrixcelldelegate.h"
#include "matrixmodel.h"
#include "matrixview.h"
#include "release/executionview.h"
#include "release/historyexport.h"
#include "release/historymodel.h"
#include "release/historypanel.h"
#include "release/promotedialog.h"
#include "release/engineplanner.h"
#include "release/releasecontroller.h"
#include "release/deploymentstate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QThreadPool>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace rd;
using rd::ui::MainWindow;

namespace {

constexpr int TimeoutMs = 30'000;

// Points `target` at the manifest `source` points at, in an OCI image layout's index.json:
// what a registry retag is for the demo's registry. Undo puts the old index back.
class LayoutRetagStep final : public release::Step
{
public:
    LayoutRetagStep(QString layoutDir, QString source, QString target)
        : m_index(QDir(layoutDir).filePath(u"index.json"_s)), m_source(std::move(source)), m_target(std::move(target)) {}

    QString kind() const override { return u"registry-retag"_s; }
    QString description() const override { return u"Point registry tag %1 at %2."_s.arg(m_target, m_source); }
    bool canUndo() const override { return true; }
    QString undoDescription() const override { return u"Put registry tag %1 back."_s.arg(m_target); }

    Result<void> run(release::StepContext &context) override
    {
        QFile file(m_index);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::Domain::Registry, u"cannot read %1"_s.arg(m_index));
        m_before = file.readAll();
        file.close();
        QJsonObject index = QJsonDocument::fromJson(m_before).object();
        QJsonArray manifests = index.value(u"manifests"_s).toArray();
        QJsonObject found;
        QJsonArray kept;
        for (const QJsonValue &value : manifests) {
            const QString ref = value[u"annotations"_s][u"org.opencontainers.image.ref.name"_s].toString();
            if (ref == m_source)
                found = value.toObject();
            if (ref != m_target)
                kept.append(value);
        }
        if (found.isEmpty())
            return fail(Error::Domain::Registry, u"tag %1 does not exist in %2"_s.arg(m_source, m_index));
        found.insert(u"annotations"_s, QJsonObject{{u"org.opencontainers.image.ref.name"_s, m_target}});
        kept.append(found);
        index.insert(u"manifests"_s, kept);
        context.output(u"%1 → %2"_s.arg(m_target, found.value(u"digest"_s).toString()));
        return write(QJsonDocument(index).toJson(QJsonDocument::Compact));
    }

    Result<void> undo(release::StepContext &context) override
    {
        context.output(u"restoring %1"_s.arg(m_index));
        return write(m_before);
    }

private:
    Result<void> write(const QByteArray &bytes)
    {
        QFile file(m_index);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            return fail(Error::Domain::Registry, u"cannot write %1"_s.arg(m_index));
        return {};
    }

    QString m_index;
    QString m_source;
    QString m_target;
    QByteArray m_before;
};

// Runs `sh -c command` in `directory`, line by line into the step's output.
class ShellStep final : public release::Step
{
public:
    ShellStep(QString directory, QString command, bool safeCancelPoint = true)
        : m_directory(std::move(directory)), m_command(std::move(command)), m_safe(safeCancelPoint) {}

    QString kind() const override { return u"local-command"_s; }
    QString description() const override { return u"Run “%1” on this machine."_s.arg(m_command); }
    bool isSafeCancelPoint() const override { return m_safe; }

    Result<void> run(release::StepContext &context) override
    {
        QProcess process;
        process.setWorkingDirectory(m_directory);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(u"/bin/sh"_s, {u"-c"_s, m_command});
        if (!process.waitForStarted())
            return fail(Error::Domain::Release, u"cannot start /bin/sh"_s);
        QByteArray pending;
        while (!process.waitForFinished(50)) {
            pending += process.readAll();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                context.output(QString::fromUtf8(pending.left(newline)));
                pending.remove(0, newline + 1);
            }
            if (process.state() == QProcess::NotRunning)
                break;
        }
        pending += process.readAll();
        for (const QByteArray &line : pending.split('\n')) {
            if (!line.isEmpty())
                context.output(QString::fromUtf8(line));
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return fail(Error::Domain::Release, u"“%1” exited with status %2"_s.arg(m_command).arg(process.exitCode()));
        return {};
    }

private:
    QString m_directory;
    QString m_command;
    bool m_safe;
};

struct PlannerSetup
{
    QString failingCommand;    // when set, a last step that runs it (and fails)
};

// What the engine will do for the demo, in two real steps: retag, then the deploy command.
ui::Planner demoPlanner(const PlannerSetup &setup = {})
{
    return [setup](const config::Workspace &workspace, const ui::ReleaseRequest &request) -> Result<ui::PreparedRelease> {
        const config::Artifact *artifact = workspace.artifact(request.artifact);
        const config::Environment *environment = workspace.environment(request.environment);
        if (!artifact || !environment)
            return fail(Error::Domain::Usage, u"unknown artifact or environment"_s);
        release::Plan plan;
        plan.action = request.actionName();
        plan.artifact = request.artifact;
        plan.environment = request.environment;
        plan.to = request.version;
        const QString layout = workspace.resolvePath(u"registry/"_s + artifact->image);
        plan.steps.append(std::make_shared<LayoutRetagStep>(layout, request.version, environment->tag));
        plan.steps.append(std::make_shared<ShellStep>(
            workspace.directory(), u"mkdir -p state/%1 && echo %2 > state/%1/%3.version && echo deployed"_s.arg(request.environment,
                                                                                                            request.version, request.artifact)));
        if (!setup.failingCommand.isEmpty())
            plan.steps.append(std::make_shared<ShellStep>(workspace.directory(), setup.failingCommand));
        if (environment->isProtected)
            plan.warnings.append(u"%1 is protected: type its name to confirm."_s.arg(request.environment));
        return ui::PreparedRelease{plan, {}};
    };
}

// With RD_SCREENSHOT_DIR set, a picture of `widget` for looking at the layout (not compared).
void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("RD_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + u".png"_s), "PNG");
}

QModelIndex cell(MainWindow &window, const QString &artifact, const QString &environment)
{
    const auto &matrix = window.matrixModel()->matrix();
    for (int row = 0; row < matrix.rows.size(); ++row) {
        if (matrix.rows[row].artifact == artifact)
            return window.matrixModel()->index(row, int(matrix.environmentIndex(environment)) + 1);
    }
    return {};
}

QString version(MainWindow &window, const QString &artifact, const QString &environment)
{
    return cell(window, artifact, environment).data(ui::MatrixModel::VersionRole).toString();
}

void clickButton(MainWindow &window, const QModelIndex &index, ui::MatrixCellDelegate::CellButton button)
{
    QTableView *table = window.matrixView()->table();
    table->setCurrentIndex(index);
    const QRect rect = ui::MatrixCellDelegate::buttonRect(button, table->visualRect(index), table->font(), index);
    QVERIFY(!rect.isEmpty());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class TestRelease : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo;
    std::unique_ptr<MainWindow> m_window;

    MainWindow &openDemo(const ui::Planner &planner)
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1280, 800);
        m_window->show();
        QSignalSpy loaded(m_window.get(), &MainWindow::loadFinished);
        m_window->openWorkspace(m_demo);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), TimeoutMs); }();
        m_window->releaseController()->setPlanner(planner);
        return *m_window;
    }

    ui::PromoteDialog *waitForDialog(QSignalSpy &shown)
    {
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), TimeoutMs); }();
        return shown.isEmpty() ? nullptr : shown.takeFirst().at(0).value<ui::PromoteDialog *>();
    }

private Q_SLOTS:
    void init()
    {
        // A fresh demo for every test: promotions change it.
        m_window.reset();
        QThreadPool::globalInstance()->waitForDone(TimeoutMs);
        m_demo.clear();
        QVERIFY(m_dir.isValid());
        auto created = demo::createDemoWorkspace(m_dir.filePath(QString::number(QDateTime::currentMSecsSinceEpoch())));
        QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().toString()));
        m_demo = *created;
        // Each test its own audit log, never the user's.
        qputenv("RELEASEDECK_AUDIT_DB", QFileInfo(m_demo).dir().filePath(u"audit.sqlite"_s).toLocal8Bit());
    }

    void cleanup()
    {
        m_window.reset();
        QThreadPool::globalInstance()->waitForDone(TimeoutMs);
    }

    void promoteToProdFromTheCellButton()
    {
        MainWindow &window = openDemo(demoPlanner());
        QCOMPARE(version(window, u"api"_s, u"staging"_s), u"v1.5.1"_s);
        QCOMPARE(version(window, u"api"_s, u"prod"_s), u"v1.5.0"_s);
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        clickButton(window, cell(window, u"api"_s, u"staging"_s), ui::MatrixCellDelegate::CellButton::Promote);
        ui::PromoteDialog *dialog = waitForDialog(shown);
        QVERIFY(dialog);

        // From → to, as the matrix says.
        QCOMPARE(dialog->plan().environment, u"prod"_s);
        QCOMPARE(dialog->plan().to, u"v1.5.1"_s);
        const QString versions = dialog->findChild<QLabel *>(u"promoteVersions"_s)->text();
        QVERIFY2(versions.contains(u"v1.5.1"_s), qPrintable(versions));
        // The planner here does not know what prod runs; the dialog's changelog does (from the matrix).
        QSignalSpy changes(dialog, &ui::PromoteDialog::changesLoaded);
        QTRY_VERIFY_WITH_TIMEOUT(!changes.isEmpty() || dialog->commitList()->topLevelItemCount() > 0, TimeoutMs);
        QVERIFY2(dialog->commitList()->topLevelItemCount() > 0, qPrintable(dialog->changesHeadline()->text()));
        QVERIFY(dialog->fileList()->topLevelItemCount() > 0);
        QVERIFY(dialog->changesHeadline()->text().contains(u"commit"_s));
        saveScreenshot(&window, u"matrix-selected"_s);
        saveScreenshot(dialog, u"promote-dialog"_s);

        // prod is protected: the confirm button waits for its name.
        QLineEdit *typed = dialog->confirmationField();
        QVERIFY(typed);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(typed, u"pro"_s);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(typed, u"d"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());

        QSignalSpy started(controller, &ui::ReleaseController::executionStarted);
        QSignalSpy finished(controller, &ui::ReleaseController::planFinished);
        QSignalSpy reloaded(&window, &MainWindow::loadFinished);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), TimeoutMs);
        ui::ExecutionView *view = controller->currentExecution();
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(view->stepState(0), ui::ExecutionView::StepState::Succeeded);
        QCOMPARE(view->stepState(1), ui::ExecutionView::StepState::Succeeded);
        QVERIFY(view->resultLabel()->isVisible());
        QVERIFY(view->resultLabel()->text().contains(u"done"_s));
        QVERIFY(view->outputPane()->toPlainText().contains(u"deployed"_s));
        QVERIFY(!view->cancelButton()->isVisible());
        saveScreenshot(view->window(), u"execution-succeeded"_s);

        // The matrix reloads and shows the new version; the cell has no leftover state.
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), TimeoutMs);
        QCOMPARE(version(window, u"api"_s, u"prod"_s), u"v1.5.1"_s);
        QVERIFY(window.matrixModel()->deploymentState(u"api"_s, u"prod"_s).isEmpty());

        // History lists it.
        QTRY_COMPARE_WITH_TIMEOUT(controller->historyPanel()->model()->records().size(), 1, TimeoutMs);
        const auto &records = controller->historyPanel()->model()->records();
        QCOMPARE(records.first().artifact, u"api"_s);
        QCOMPARE(records.first().environment, u"prod"_s);
        QCOMPARE(records.first().to, u"v1.5.1"_s);
        QCOMPARE(records.first().result, u"succeeded"_s);
    }

    void promoteWithTheReleaseEngine()
    {
        // The window's own planner: the engine plans, checks policy, runs, verifies, audits.
        MainWindow &window = openDemo(ui::Planner());
        window.releaseController()->setPlanner(ui::defaultPlanner());
        QCOMPARE(version(window, u"web"_s, u"staging"_s), u"v2.2.1"_s);
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        QSignalSpy refused(controller, &ui::ReleaseController::refused);
        clickButton(window, cell(window, u"web"_s, u"qa"_s), ui::MatrixCellDelegate::CellButton::Promote);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !refused.isEmpty(), TimeoutMs);
        QVERIFY2(refused.isEmpty(), refused.isEmpty() ? "" : qPrintable(refused.first().at(0).toString()));
        auto *dialog = shown.first().at(0).value<ui::PromoteDialog *>();
        QCOMPARE(dialog->plan().from, u"v2.2.1"_s);
        QCOMPARE(dialog->plan().to, u"v2.3.0"_s);
        QVERIFY(!dialog->plan().steps.isEmpty());
        QVERIFY(!dialog->confirmationField());
        QSignalSpy finished(controller, &ui::ReleaseController::planFinished);
        QSignalSpy reloaded(&window, &MainWindow::loadFinished);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        ui::ExecutionView *view = controller->currentExecution();
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(view->resultLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), TimeoutMs);
        QCOMPARE(version(window, u"web"_s, u"staging"_s), u"v2.3.0"_s);
        // The audit log holds it, and the history panel shows it.
        QTRY_COMPARE_WITH_TIMEOUT(controller->historyPanel()->model()->records().size(), 1, TimeoutMs);
        const ui::HistoryRecord record = controller->historyPanel()->model()->records().first();
        QCOMPARE(record.artifact, u"web"_s);
        QCOMPARE(record.environment, u"staging"_s);
        QCOMPARE(record.to, u"v2.3.0"_s);
        QCOMPARE(record.result, u"succeeded"_s);
        QVERIFY(record.id > 0);
        saveScreenshot(view->window(), u"execution-engine"_s);
    }

    void protectedEnvironmentWithTheReleaseEngine()
    {
        // prod through the engine: the typed name reaches its admission.
        MainWindow &window = openDemo(ui::defaultPlanner());
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        QSignalSpy refused(controller, &ui::ReleaseController::refused);
        controller->promoteCell(cell(window, u"api"_s, u"staging"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !refused.isEmpty(), TimeoutMs);
        if (!refused.isEmpty()) {
            // The engine may refuse prod outright (e.g. a protected branch needs a pull request):
            // then the refusal is one sentence and nothing opens.
            QVERIFY(!refused.first().at(0).toString().isEmpty());
            QVERIFY(!refused.first().at(0).toString().contains(u'\n'));
            return;
        }
        auto *dialog = shown.first().at(0).value<ui::PromoteDialog *>();
        saveScreenshot(dialog, u"promote-dialog-engine"_s);
        QVERIFY(dialog->confirmationField());
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(dialog->confirmationField(), u"prod"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        QSignalSpy finished(controller, &ui::ReleaseController::planFinished);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(controller->currentExecution()->resultLabel()->text()));
    }

    void failingStepIsExplainedAndTakenBack()
    {
        MainWindow &window = openDemo(demoPlanner({u"echo checking the new version; echo 'health: 503' >&2; exit 3"_s}));
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        controller->promoteCell(cell(window, u"api"_s, u"qa"_s)); // qa v1.5.1 → staging (same), not protected
        ui::PromoteDialog *dialog = waitForDialog(shown);
        QVERIFY(dialog);
        QVERIFY(!dialog->confirmationField());
        QVERIFY(dialog->confirmButton()->isEnabled());
        QSignalSpy finished(controller, &ui::ReleaseController::planFinished);
        QSignalSpy reloaded(&window, &MainWindow::loadFinished);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        QCOMPARE(finished.first().at(0).toBool(), false);
        ui::ExecutionView *view = controller->currentExecution();
        QVERIFY(view);
        QCOMPARE(view->stepState(0), ui::ExecutionView::StepState::Undone);
        QCOMPARE(view->stepState(2), ui::ExecutionView::StepState::Failed);

        // One sentence naming the step and the state things are in; the output one click away.
        const QString sentence = view->resultLabel()->text();
        QVERIFY2(sentence.contains(u"step 3 failed"_s) && sentence.contains(u"exited with status 3"_s)
                     && sentence.contains(u"taken back"_s),
                 qPrintable(sentence));
        QCOMPARE(sentence.count(u". "_s), 0);
        QVERIFY(view->detailsButton()->isVisible());
        QVERIFY(!view->outputPane()->isVisible());
        QTest::mouseClick(view->detailsButton(), Qt::LeftButton);
        QVERIFY(view->outputPane()->isVisible());
        QVERIFY(view->outputPane()->toPlainText().contains(u"health: 503"_s));
        saveScreenshot(view->window(), u"execution-failed"_s);

        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), TimeoutMs);
        QCOMPARE(window.matrixModel()->deploymentState(u"api"_s, u"staging"_s), u"rolled back"_s);
        QTRY_COMPARE_WITH_TIMEOUT(controller->historyPanel()->model()->records().size(), 1, TimeoutMs);
        QCOMPARE(controller->historyPanel()->model()->records().first().result, u"failed"_s);
        QCOMPARE(window.matrixView()->table()->currentIndex(), QModelIndex());
        window.matrixView()->table()->setCurrentIndex(cell(window, u"api"_s, u"qa"_s));
        saveScreenshot(&window, u"matrix-rolled-back"_s);
        window.showHistory();
        saveScreenshot(&window, u"history"_s);
    }

    void cancelStopsAtASafePoint()
    {
        // Step 1 waits for a file the test creates after asking to cancel; step 2 is a safe
        // point, so the plan stops there and takes back nothing (step 1 changed nothing).
        const QString gate = QDir(m_dir.path()).filePath(u"gate-%1"_s.arg(QDateTime::currentMSecsSinceEpoch()));
        release::Plan plan;
        plan.action = u"restart"_s;
        plan.environment = u"qa"_s;
        plan.steps.append(std::make_shared<ShellStep>(m_dir.path(), u"echo waiting; while [ ! -e '%1' ]; do sleep 0.02; done"_s.arg(gate), true));
        plan.steps.append(std::make_shared<ShellStep>(m_dir.path(), u"echo must follow"_s, false));
        plan.steps.append(std::make_shared<ShellStep>(m_dir.path(), u"echo never"_s, true));
        ui::ExecutionView view;
        view.show();
        QSignalSpy finished(&view, &ui::ExecutionView::finished);
        view.run(plan);
        QTRY_VERIFY_WITH_TIMEOUT(view.stepState(0) == ui::ExecutionView::StepState::Running, TimeoutMs);
        // The next step must follow this one: no cancelling here.
        QVERIFY(!view.cancelButton()->isEnabled());
        QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        QVERIFY(view.outcome().succeeded());

        // Now a plan whose second step is a safe point.
        const QString gate2 = gate + u"-2"_s;
        plan.steps[0] = std::make_shared<ShellStep>(m_dir.path(), u"while [ ! -e '%1' ]; do sleep 0.02; done"_s.arg(gate2), true);
        plan.steps[1] = std::make_shared<ShellStep>(m_dir.path(), u"echo second"_s, true);
        ui::ExecutionView second;
        QSignalSpy secondFinished(&second, &ui::ExecutionView::finished);
        second.run(plan);
        QTRY_VERIFY_WITH_TIMEOUT(second.stepState(0) == ui::ExecutionView::StepState::Running, TimeoutMs);
        QVERIFY(second.cancelButton()->isEnabled());
        QTest::mouseClick(second.cancelButton(), Qt::LeftButton);
        QVERIFY(!second.cancelButton()->isEnabled());
        QVERIFY(QFile(gate2).open(QIODevice::WriteOnly));
        QTRY_VERIFY_WITH_TIMEOUT(!secondFinished.isEmpty(), TimeoutMs);
        QCOMPARE(release::toString(second.outcome().result), u"cancelled"_s);
        QCOMPARE(second.stepState(0), ui::ExecutionView::StepState::Succeeded);
        QCOMPARE(second.stepState(1), ui::ExecutionView::StepState::Skipped);
        QVERIFY(second.resultLabel()->text().contains(u"cancelled"_s));
    }

    void destroyedWhileRunningWaitsForTheWorker()
    {
        const QString gate = QDir(m_dir.path()).filePath(u"gate-destroy"_s);
        release::Plan plan;
        plan.action = u"restart"_s;
        plan.steps.append(std::make_shared<ShellStep>(m_dir.path(), u"while [ ! -e '%1' ]; do sleep 0.02; done"_s.arg(gate)));
        plan.steps.append(std::make_shared<ShellStep>(m_dir.path(), u"echo after"_s));
        auto view = std::make_unique<ui::ExecutionView>();
        view->run(plan);
        QTRY_VERIFY_WITH_TIMEOUT(view->stepState(0) == ui::ExecutionView::StepState::Running, TimeoutMs);
        QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
        view.reset(); // cancels at the next safe point and waits; queued events go nowhere
        QTest::qWait(20);
    }

    void dropOntoTheNextEnvironmentPromotes()
    {
        MainWindow &window = openDemo(demoPlanner());
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        const QModelIndex qa = cell(window, u"web"_s, u"qa"_s);
        std::unique_ptr<QMimeData> data(ui::ReleaseController::cellMimeData(qa));
        // Not the next column, another row, and hostile data: nothing happens.
        QVERIFY(!controller->dropCell(data.get(), cell(window, u"web"_s, u"prod"_s)));
        QVERIFY(!controller->dropCell(data.get(), cell(window, u"api"_s, u"staging"_s)));
        QVERIFY(!controller->dropCell(data.get(), cell(window, u"web"_s, u"dev"_s)));
        QMimeData hostile;
        hostile.setData(u"application/x-releasedeck-cell"_s, QByteArray(100'000, '9') + "\n-1");
        QVERIFY(!controller->dropCell(&hostile, cell(window, u"web"_s, u"staging"_s)));
        QMimeData empty;
        QVERIFY(!controller->dropCell(&empty, cell(window, u"web"_s, u"staging"_s)));
        QVERIFY(shown.isEmpty());
        QVERIFY(controller->dropCell(data.get(), cell(window, u"web"_s, u"staging"_s)));
        ui::PromoteDialog *dialog = waitForDialog(shown);
        QVERIFY(dialog);
        QCOMPARE(dialog->plan().artifact, u"web"_s);
        QCOMPARE(dialog->plan().environment, u"staging"_s);
        QCOMPARE(dialog->plan().to, u"v2.3.0"_s);
        dialog->reject();
    }

    void contextMenuOffersTheReleaseActions()
    {
        MainWindow &window = openDemo(demoPlanner());
        auto *controller = window.releaseController();
        std::unique_ptr<QMenu> menu(controller->cellMenu(cell(window, u"api"_s, u"staging"_s), nullptr));
        QStringList texts;
        for (QAction *action : menu->actions())
            texts.append(action->text());
        QVERIFY2(texts.contains(u"Promote to prod ▸"_s), qPrintable(texts.join(u", "_s)));
        QVERIFY(texts.contains(u"Promote Version…"_s));
        QVERIFY(texts.contains(u"Rollback To…"_s));
        // The demo configures restart, logs and status for every environment (tst_hostactions runs them).
        for (const QString &name : {u"restartAction"_s, u"logsAction"_s, u"statusAction"_s})
            QVERIFY2(menu->findChild<QAction *>(name) && menu->findChild<QAction *>(name)->isEnabled(), qPrintable(name));
        QVERIFY(std::any_of(menu->actions().cbegin(), menu->actions().cend(),
                            [](QAction *action) { return action->objectName() == u"compareAction"; }));
        // The last environment has nowhere to promote to; a never-deployed cell nothing to roll back.
        std::unique_ptr<QMenu> last(controller->cellMenu(cell(window, u"api"_s, u"prod"_s), nullptr));
        QVERIFY(!last->findChild<QAction *>(u"promoteNextAction"_s));
        std::unique_ptr<QMenu> never(controller->cellMenu(cell(window, u"worker"_s, u"prod"_s), nullptr));
        QVERIFY(!never->findChild<QAction *>(u"rollbackAction"_s)->isEnabled());
    }

    // A freeze window is the only thing in the way: the dialog opens anyway, shows the window's
    // reason and a "reason for overriding" field; Promote stays disabled until a reason of
    // reasonable length is typed; the reason reaches the engine and the audit record, and the
    // History panel shows it.
    void freezeIsOverriddenWithATypedReason()
    {
        QFile yaml(m_demo);
        QVERIFY(yaml.open(QIODevice::ReadOnly));
        QByteArray text = yaml.readAll();
        yaml.close();
        const QByteArray policy = "policy: {min_interval: 5m, max_rollbacks_per_hour: 3, max_concurrent_deploys: 2, auto_rollback: true}";
        QVERIFY(text.contains(policy));
        text.replace(policy, "policy: {min_interval: 5m, max_rollbacks_per_hour: 3, max_concurrent_deploys: 2, auto_rollback: true, "
                             "freeze: [{from: \"2020-01-01T00:00:00Z\", to: \"2099-01-01T00:00:00Z\", reason: \"year-end freeze\", environments: [staging]}]}");
        QVERIFY(yaml.open(QIODevice::WriteOnly | QIODevice::Truncate));
        yaml.write(text);
        yaml.close();

        MainWindow &window = openDemo(ui::defaultPlanner());
        auto *controller = window.releaseController();
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        QSignalSpy refused(controller, &ui::ReleaseController::refused);
        controller->promoteCell(cell(window, u"web"_s, u"qa"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !refused.isEmpty(), TimeoutMs);
        QVERIFY2(refused.isEmpty(), refused.isEmpty() ? "" : qPrintable(refused.first().at(0).toString()));
        auto *dialog = shown.first().at(0).value<ui::PromoteDialog *>();
        QCOMPARE(dialog->plan().environment, u"staging"_s);
        QVERIFY(dialog->overrideField());
        QVERIFY(dialog->freezeLabel());
        QVERIFY2(dialog->freezeLabel()->text().contains(u"year-end freeze"_s), qPrintable(dialog->freezeLabel()->text()));
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(dialog->overrideField(), u"   fix  "_s);
        QVERIFY(!dialog->confirmButton()->isEnabled()); // too short to be a reason
        dialog->overrideField()->clear();
        QTest::keyClicks(dialog->overrideField(), u"hotfix for the checkout outage"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        saveScreenshot(dialog, u"promote-dialog-freeze"_s);

        QSignalSpy finished(controller, &ui::ReleaseController::planFinished);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), TimeoutMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(controller->currentExecution()->resultLabel()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(controller->historyPanel()->model()->records().size(), 1, TimeoutMs);
        const ui::HistoryRecord record = controller->historyPanel()->model()->records().first();
        QCOMPARE(record.environment, u"staging"_s);
        QCOMPARE(record.result, u"succeeded"_s);
        QVERIFY2(record.message.contains(u"hotfix for the checkout outage"_s), qPrintable(record.message));
        const QModelIndex first = controller->historyPanel()->model()->index(0, 0);
        QVERIFY(controller->historyPanel()->model()->data(first, Qt::ToolTipRole).toString().contains(u"hotfix for the checkout outage"_s));
    }

    // Deployment states outlive the process: a promotion that failed before the window was
    // opened is shown in its cell, as it was after the live run.
    void deploymentStatesAreShownAfterARestart()
    {
        release::FileDeploymentStateStore store(release::FileDeploymentStateStore::defaultPath(QFileInfo(m_demo).absolutePath()));
        QVERIFY(store.update(u"api"_s, u"qa"_s, release::DeploymentPhase::Failed, u"v1.6.0"_s, u"v1.5.1"_s, u"it failed"_s));
        QVERIFY(store.update(u"worker"_s, u"qa"_s, release::DeploymentPhase::Deploying, u"v0.9.0"_s, u"v0.8.1"_s));
        MainWindow &window = openDemo(demoPlanner());
        QTRY_COMPARE_WITH_TIMEOUT(window.matrixModel()->deploymentState(u"api"_s, u"qa"_s), u"failed"_s, TimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.matrixModel()->deploymentState(u"worker"_s, u"qa"_s), u"interrupted"_s, TimeoutMs);
    }

    void refusalIsOneSentence()
    {
        MainWindow &window = openDemo([](const config::Workspace &, const ui::ReleaseRequest &) -> Result<ui::PreparedRelease> {
            return fail(Error::Domain::Release, u"prod is frozen until 2026-12-02 08:00 UTC (release freeze)"_s);
        });
        auto *controller = window.releaseController();
        QSignalSpy refused(controller, &ui::ReleaseController::refused);
        QSignalSpy shown(controller, &ui::ReleaseController::confirmationShown);
        controller->rollbackCell(cell(window, u"api"_s, u"prod"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), TimeoutMs);
        QVERIFY(refused.first().at(0).toString().contains(u"frozen"_s));
        QVERIFY(shown.isEmpty());
    }

    void historyFiltersAndExports()
    {
        ui::HistoryPanel panel;
        QList<ui::HistoryRecord> records;
        const QDateTime t0(QDate(2026, 12, 1), QTime(10, 0), QTimeZone::UTC);
        records.append(ui::HistoryRecord{1, t0, u"ana"_s, u"promote"_s, u"api"_s, u"prod"_s, u"v1.5.0"_s, u"v1.5.1"_s, u"succeeded"_s, u"Promote api: done."_s, 1200});
        records.append(ui::HistoryRecord{2, t0.addSecs(60), u"bo"_s, u"rollback"_s, u"api"_s, u"staging"_s, u"v1.5.1"_s, u"v1.5.0"_s, u"failed"_s,
                        u"step 2 failed (\"quoted\", with comma\nand a newline)"_s, 800});
        records.append(ui::HistoryRecord{3, t0.addSecs(120), u"=HYPERLINK(\"x\")"_s, u"promote"_s, u"web"_s, u"prod"_s, QString(), u"@v2"_s, u"succeeded"_s, {}, 5});
        panel.setRecords(records);
        QCOMPARE(panel.table()->model()->rowCount(), 3);
        QCOMPARE(panel.visibleRecords().first().id, 3); // newest first
        panel.setArtifactFilter(u"api"_s);
        QCOMPARE(panel.visibleRecords().size(), 2);
        panel.setEnvironmentFilter(u"prod"_s);
        QCOMPARE(panel.visibleRecords().size(), 1);
        QCOMPARE(panel.visibleRecords().first().id, 1);
        panel.setArtifactFilter({});
        QCOMPARE(panel.visibleRecords().size(), 2);
        panel.setEnvironmentFilter({});

        const QByteArray csv = ui::historyToCsv(panel.visibleRecords());
        QVERIFY(csv.startsWith("id,time,user,action,artifact,environment,from,to,result,message,elapsed_ms\r\n"));
        QVERIFY2(csv.contains("\"step 2 failed (\"\"quoted\"\", with comma\nand a newline)\""), csv.constData());
        QVERIFY2(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), csv.constData()); // never a formula
        QVERIFY(csv.contains(",'@v2,"));

        const QJsonObject json = QJsonDocument::fromJson(ui::historyToJson(panel.visibleRecords())).object();
        const QJsonArray array = json.value(u"records"_s).toArray();
        QCOMPARE(array.size(), 3);
        QCOMPARE(array.at(0)[u"from"_s].type(), QJsonValue::Null);
        QCOMPARE(array.at(2)[u"time"_s].toString(), u"2026-12-01T10:00:00Z"_s);
        for (const char *field : {"id", "time", "user", "action", "artifact", "environment", "from", "to", "result"})
            QVERIFY2(array.at(1).toObject().contains(QString::fromLatin1(field)), field);

        const QString path = m_dir.filePath(u"history.csv"_s);
        QVERIFY(panel.exportCsv(path).has_value());
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), csv);
        QVERIFY(!panel.exportJson(m_dir.filePath(u"no/such/folder/history.json"_s)).has_value());
    }
};

QTEST_MAIN(TestRelease)
#include "tst_release.moc"
