// SPDX-License-Identifier: GPL-3.0-or-later
#include "releasecontroller.h"

#include "executionview.h"
#include "historypanel.h"
#include "mainwindow.h"
#include "matrixcelldelegate.h"
#include "matrixmodel.h"
#include "matrixview.h"
#include "promotedialog.h"
#include "engineplanner.h"
#include "ssh/hostactions.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDir>
#include <QDrag>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

constexpr auto CellMimeType = "application/x-releasedeck-cell";

// The window a plan runs in: it cannot be closed while the plan runs (the steps would go on
// unseen); Cancel in the view is the way to stop.
class ExecutionDialog final : public QDialog
{
public:
    ExecutionDialog(ExecutionView *view, QWidget *parent)
        : QDialog(parent)
        , m_view(view)
    {
        setObjectName(u"executionDialog"_s);
        setAttribute(Qt::WA_DeleteOnClose);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
        m_close = buttons->button(QDialogButtonBox::Close);
        m_close->setEnabled(false);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        auto *layout = new QVBoxLayout(this);
        view->setParent(this);
        layout->addWidget(view, 1);
        layout->addWidget(buttons);
        connect(view, &ExecutionView::finished, this, [this] { m_close->setEnabled(true); });
        resize(860, 560);
    }

    void reject() override
    {
        if (!m_view->isRunning())
            QDialog::reject();
    }

protected:
    void closeEvent(QCloseEvent *event) override
    {
        if (m_view->isRunning())
            event->ignore();
        else
            QDialog::closeEvent(event);
    }

private:
    ExecutionView *m_view;
    QPushButton *m_close;
};

// The matrix cell state a running step stands for.
QString runningState(const release::Step &step)
{
    const QString kind = step.kind();
    return kind.contains(u"health") || kind.contains(u"verify") ? u"verifying"_s : u"deploying"_s;
}

} // namespace

ReleaseController::ReleaseController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_planner(defaultPlanner())
    , m_history(new HistoryPanel(window))
    , m_hostActions(new HostActions(window))
{
    QTableView *view = table();
    view->viewport()->installEventFilter(this);
    view->viewport()->setAttribute(Qt::WA_Hover);
    view->viewport()->setAcceptDrops(true);
    view->setMouseTracking(true);
    m_history->setRecords({});
    connect(m_hostActions, &HostActions::refused, this, &ReleaseController::showStatus);
    connect(m_hostActions, &HostActions::restartFinished, this, &ReleaseController::reloadHistory);
    connect(window, &MainWindow::loadFinished, this, [this](bool ok) {
        if (ok)
            reloadHistory();
    });
}

void ReleaseController::reloadHistory()
{
    const auto &workspace = m_window->workspace();
    const quint64 generation = ++m_historyGeneration;
    if (!workspace) {
        m_audited.clear();
        m_history->setRecords(m_records);
        return;
    }
    QtConcurrent::run([snapshot = *workspace] { return loadAuditHistory(snapshot); })
        .then(this, [this, generation](Result<QList<HistoryRecord>> records) {
            if (generation != m_historyGeneration)
                return;
            m_audited = records ? *records : QList<HistoryRecord>();
            if (!records)
                showStatus(records.error().message);
            m_history->setRecords(m_audited + m_records);
        });
}

ReleaseController::~ReleaseController() = default;

PromoteDialog *ReleaseController::currentDialog() const
{
    return m_dialog;
}

ExecutionView *ReleaseController::currentExecution() const
{
    return m_execution;
}

void ReleaseController::setPlanner(Planner planner)
{
    m_planner = std::move(planner);
}

QTableView *ReleaseController::table() const
{
    return m_window->matrixView()->table();
}

void ReleaseController::showStatus(const QString &text)
{
    m_window->statusBar()->showMessage(text, 15'000);
}

ReleaseRequest ReleaseController::cellRequest(const QModelIndex &index, ReleaseRequest::Action action) const
{
    const release::EnvironmentMatrix &matrix = m_window->matrixModel()->matrix();
    ReleaseRequest request;
    request.action = action;
    if (!index.isValid() || index.column() < 1 || index.row() >= matrix.rows.size())
        return request;
    const release::MatrixRow &row = matrix.rows[index.row()];
    const qsizetype environment = index.column() - 1;
    request.artifact = row.artifact;
    if (action == ReleaseRequest::Action::Promote) {
        request.fromEnvironment = matrix.environments.value(environment).name;
        request.environment = matrix.environments.value(environment + 1).name;
        request.version = row.cells[environment].version;
    } else {
        request.environment = matrix.environments.value(environment).name;
    }
    return request;
}

void ReleaseController::promoteCell(const QModelIndex &index)
{
    const ReleaseRequest promote = cellRequest(index, ReleaseRequest::Action::Promote);
    if (promote.environment.isEmpty() || MatrixCellDelegate::promoteText(index).isEmpty()) {
        showStatus(tr("Choose a deployed cell that has an environment after it to promote."));
        return;
    }
    request(promote);
}

void ReleaseController::rollbackCell(const QModelIndex &index)
{
    const ReleaseRequest rollback = cellRequest(index, ReleaseRequest::Action::Rollback);
    if (rollback.environment.isEmpty()) {
        showStatus(tr("Choose a cell of an environment to roll back."));
        return;
    }
    request(rollback);
}

void ReleaseController::request(const ReleaseRequest &releaseRequest)
{
    const auto &workspace = m_window->workspace();
    if (!workspace) {
        showStatus(tr("Open a workspace first."));
        return;
    }
    if (m_execution && m_execution->isRunning()) {
        showStatus(tr("A plan is running; wait for it to finish before starting another."));
        return;
    }
    showStatus(tr("Planning: %1 %2 to %3…").arg(releaseRequest.actionName(), releaseRequest.artifact, releaseRequest.environment));
    const quint64 generation = ++m_generation;
    // Planning reads the registry, git and the audit log: never on the GUI thread.
    QtConcurrent::run([planner = m_planner, snapshot = *workspace, releaseRequest] { return planner(snapshot, releaseRequest); })
        .then(this, [this, generation](Result<PreparedRelease> prepared) {
            if (generation != m_generation)
                return; // a newer request replaced this one
            if (!prepared) {
                showStatus(prepared.error().message);
                Q_EMIT refused(prepared.error().message);
                return;
            }
            confirm(*prepared);
        });
}

void ReleaseController::confirm(const PreparedRelease &prepared)
{
    const release::Plan &plan = prepared.plan;
    m_window->statusBar()->clearMessage(); // "Planning…" is over
    const release::EnvironmentMatrix &matrix = m_window->matrixModel()->matrix();
    const qsizetype column = matrix.environmentIndex(plan.environment);
    const bool isProtected = column >= 0 && matrix.environments[column].isProtected;
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new PromoteDialog(plan, isProtected, m_window);
    dialog->requireOverrideReason(prepared.freeze, prepared.overrideReason); // frozen: ask why (issue 7)
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;

    // The code the change brings: what the environment runs now → the commit of the new version.
    ChangeRequest changes;
    const auto &workspace = m_window->workspace();
    const config::Artifact *artifact = workspace ? workspace->artifact(plan.artifact) : nullptr;
    const config::Repository *repository = artifact ? workspace->repository(artifact->repository) : nullptr;
    const auto row = std::find_if(matrix.rows.cbegin(), matrix.rows.cend(), [&](const auto &r) { return r.artifact == plan.artifact; });
    if (repository && row != matrix.rows.cend()) {
        changes.repositoryPath = workspace->resolvePath(repository->url);
        if (!artifact->path.isEmpty())
            changes.paths = {artifact->path};
        if (column >= 0 && row->cells[column].isDeployed())
            changes.fromCommit = row->cells[column].commit;
        for (const release::MatrixCell &cell : row->cells) {
            if (cell.isDeployed() && cell.version == plan.to && !cell.commit.isEmpty()) {
                changes.toCommit = cell.commit;
                break;
            }
        }
        if (!QDir(changes.repositoryPath).exists())
            changes = {};
    }
    dialog->showChanges(changes);
    connect(dialog, &QDialog::accepted, this, [this, prepared, dialog] {
        execute(prepared, dialog->confirmationField() ? dialog->confirmationField()->text() : QString());
    });
    dialog->open();
    Q_EMIT confirmationShown(dialog);
}

void ReleaseController::execute(const PreparedRelease &prepared, const QString &confirmation)
{
    const release::Plan &plan = prepared.plan;
    auto *view = new ExecutionView;
    auto *dialog = new ExecutionDialog(view, m_window);
    dialog->setWindowTitle(plan.summary());
    m_execution = view;
    MatrixModel *model = m_window->matrixModel();
    connect(view, &ExecutionView::stepEvent, this, [model, plan](const release::StepEvent &event) {
        if (event.kind == release::StepEvent::Kind::Started && event.step < plan.steps.size())
            model->setDeploymentState(plan.artifact, plan.environment, runningState(*plan.steps[event.step]));
    });
    connect(view, &ExecutionView::finished, this, [this, model, plan, audited = prepared.audited](const release::PlanOutcome &outcome) {
        QString state;
        if (outcome.result == release::PlanOutcome::Result::UndoFailed)
            state = u"failed"_s;
        else if (!outcome.succeeded()) {
            const bool undone = std::any_of(outcome.steps.cbegin(), outcome.steps.cend(), [](const release::StepRecord &record) {
                return record.outcome == release::StepRecord::Outcome::Undone;
            });
            state = undone ? u"rolled back"_s : u"failed"_s;
        }
        model->setDeploymentState(plan.artifact, plan.environment, state);
        if (!audited) {
            HistoryRecord record = historyRecordFromPlan(plan, outcome, QDateTime::currentDateTimeUtc());
            record.id = -(m_records.size() + 1); // not an audit log id
            m_records.append(record);
        }
        reloadHistory();
        showStatus(outcome.message);
        m_window->reload();
        Q_EMIT planFinished(outcome.succeeded());
    });
    dialog->show();
    view->run(plan, prepared.run, confirmation);
    Q_EMIT executionStarted(view);
}

QStringList ReleaseController::knownVersions(const QModelIndex &index) const
{
    const release::EnvironmentMatrix &matrix = m_window->matrixModel()->matrix();
    QStringList versions;
    if (!index.isValid() || index.row() >= matrix.rows.size())
        return versions;
    const release::MatrixRow &row = matrix.rows[index.row()];
    for (const release::MatrixCell &cell : row.cells) {
        if (cell.isDeployed() && !cell.version.isEmpty() && !versions.contains(cell.version))
            versions.append(cell.version);
    }
    for (const HistoryRecord &record : m_records) {
        for (const QString &version : {record.from, record.to}) {
            if (record.artifact == row.artifact && !version.isEmpty() && !versions.contains(version))
                versions.append(version);
        }
    }
    return versions;
}

void ReleaseController::askVersion(const QModelIndex &index, ReleaseRequest::Action action)
{
    const bool promote = action == ReleaseRequest::Action::Promote;
    ReleaseRequest base = cellRequest(index, ReleaseRequest::Action::Rollback); // this cell's environment
    if (promote) {
        base.action = ReleaseRequest::Action::Promote;
        base.fromEnvironment.clear();
    }
    auto *input = new QInputDialog(m_window);
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setWindowTitle(promote ? tr("Promote a Version") : tr("Roll Back to a Version"));
    input->setLabelText(promote ? tr("Version of %1 to run in %2:").arg(base.artifact, base.environment)
                                : tr("Version of %1 to roll %2 back to:").arg(base.artifact, base.environment));
    input->setComboBoxItems(knownVersions(index));
    input->setComboBoxEditable(true);
    connect(input, &QInputDialog::textValueSelected, this, [this, base](const QString &version) {
        ReleaseRequest chosen = base;
        chosen.version = version.trimmed();
        request(chosen);
    });
    input->open();
}

QMenu *ReleaseController::cellMenu(const QModelIndex &index, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setToolTipsVisible(true);
    const bool deployed = index.isValid() && index.column() > 0
        && release::MatrixCell::State(index.data(MatrixModel::StateRole).toInt()) == release::MatrixCell::State::Deployed;
    const QString promoteText = MatrixCellDelegate::promoteText(index);
    if (!promoteText.isEmpty()) {
        QAction *promote = menu->addAction(promoteText, this, [this, cellIndex = QPersistentModelIndex(index)] { promoteCell(cellIndex); });
        promote->setObjectName(u"promoteNextAction"_s);
    }
    QAction *promoteVersion = menu->addAction(tr("Promote Version…"), this,
                                              [this, cellIndex = QPersistentModelIndex(index)] { askVersion(cellIndex, ReleaseRequest::Action::Promote); });
    promoteVersion->setObjectName(u"promoteVersionAction"_s);
    promoteVersion->setEnabled(index.isValid() && index.column() > 0);
    QAction *rollback = menu->addAction(tr("Rollback"), this, [this, cellIndex = QPersistentModelIndex(index)] { rollbackCell(cellIndex); });
    rollback->setObjectName(u"rollbackAction"_s);
    rollback->setEnabled(deployed);
    QAction *rollbackTo = menu->addAction(tr("Rollback To…"), this,
                                          [this, cellIndex = QPersistentModelIndex(index)] { askVersion(cellIndex, ReleaseRequest::Action::Rollback); });
    rollbackTo->setObjectName(u"rollbackToAction"_s);
    rollbackTo->setEnabled(deployed);
    menu->addSeparator();
    // The environment's host commands for this artifact (restart, logs, status).
    const release::EnvironmentMatrix &matrix = m_window->matrixModel()->matrix();
    if (index.isValid() && index.column() > 0 && index.row() < matrix.rows.size()) {
        const release::MatrixRow &row = matrix.rows[index.row()];
        const qsizetype column = index.column() - 1;
        const auto &workspace = m_window->workspace();
        m_hostActions->addActions(menu, workspace ? &*workspace : nullptr, row.artifact,
                                  column < row.cells.size() ? row.cells[column] : release::MatrixCell{},
                                  matrix.environments.value(column).name);
    }
    // The table's own actions: compare with the previous environment, copy version/digest/commit.
    const QList<QAction *> tableActions = table()->actions();
    if (!tableActions.isEmpty()) {
        menu->addSeparator();
        menu->addActions(tableActions);
    }
    return menu;
}

QMimeData *ReleaseController::cellMimeData(const QModelIndex &source)
{
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(CellMimeType), u"%1\n%2"_s.arg(source.row()).arg(source.column()).toUtf8());
    return data;
}

bool ReleaseController::dropCell(const QMimeData *data, const QModelIndex &target)
{
    if (!data || !data->hasFormat(QString::fromLatin1(CellMimeType)) || !target.isValid())
        return false;
    const QStringList parts = QString::fromUtf8(data->data(QString::fromLatin1(CellMimeType)).left(64)).split(u'\n');
    bool rowOk = false, columnOk = false;
    const int row = parts.value(0).toInt(&rowOk);
    const int column = parts.value(1).toInt(&columnOk);
    if (parts.size() != 2 || !rowOk || !columnOk || row != target.row() || target.column() != column + 1)
        return false;
    const QModelIndex source = target.model()->index(row, column);
    if (MatrixCellDelegate::promoteText(source).isEmpty())
        return false;
    promoteCell(source);
    return true;
}

bool ReleaseController::eventFilter(QObject *watched, QEvent *event)
{
    QTableView *view = table();
    if (watched != view->viewport())
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        const QPoint pos = mouse->position().toPoint();
        const QModelIndex index = view->indexAt(pos);
        const auto button = MatrixCellDelegate::buttonAt(view->visualRect(index), view->font(), index, pos);
        if (event->type() == QEvent::MouseButtonPress) {
            m_pressed = mouse->button() == Qt::LeftButton ? QPersistentModelIndex(index) : QPersistentModelIndex();
            m_pressPos = pos;
        }
        if (button == MatrixCellDelegate::CellButton::None || mouse->button() != Qt::LeftButton)
            return false;
        if (event->type() == QEvent::MouseButtonRelease) {
            m_pressed = QPersistentModelIndex();
            if (button == MatrixCellDelegate::CellButton::Promote)
                promoteCell(index);
            else
                rollbackCell(index);
        }
        return true; // a button is not a click on the cell
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (!(mouse->buttons() & Qt::LeftButton) || !m_pressed.isValid()
            || (mouse->position().toPoint() - m_pressPos).manhattanLength() < QApplication::startDragDistance()
            || MatrixCellDelegate::promoteText(m_pressed).isEmpty())
            return false;
        // Drag a deployed cell onto the next environment to promote it there.
        const QModelIndex source = m_pressed;
        m_pressed = QPersistentModelIndex();
        auto *drag = new QDrag(view);
        drag->setMimeData(cellMimeData(source));
        drag->setPixmap(view->viewport()->grab(view->visualRect(source)).scaledToWidth(160, Qt::SmoothTransformation));
        drag->exec(Qt::CopyAction);
        return true;
    }
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (!drag->mimeData()->hasFormat(QString::fromLatin1(CellMimeType)))
            return false;
        const QModelIndex target = view->indexAt(drag->position().toPoint());
        const QStringList parts = QString::fromUtf8(drag->mimeData()->data(QString::fromLatin1(CellMimeType)).left(64)).split(u'\n');
        const bool next = target.isValid() && parts.size() == 2 && parts[0].toInt() == target.row() && parts[1].toInt() + 1 == target.column();
        if (next || event->type() == QEvent::DragEnter)
            drag->acceptProposedAction();
        if (!next && event->type() == QEvent::DragMove)
            drag->ignore();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!drop->mimeData()->hasFormat(QString::fromLatin1(CellMimeType)))
            return false;
        if (dropCell(drop->mimeData(), view->indexAt(drop->position().toPoint())))
            drop->acceptProposedAction();
        else
            drop->ignore();
        return true;
    }
    case QEvent::ContextMenu: {
        auto *context = static_cast<QContextMenuEvent *>(event);
        const QModelIndex index = view->indexAt(context->pos());
        if (!index.isValid() || index.column() == 0)
            return false;
        view->setCurrentIndex(index);
        QMenu *menu = cellMenu(index, view);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(context->globalPos());
        return true;
    }
    default:
        return QObject::eventFilter(watched, event);
    }
}

} // namespace rd::ui
