// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixmodel.h"

#include "health/healthmodel.h"
#include "release/promotionlock.h"
#include "util/duration.h"

#include <QIcon>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

using release::MatrixCell;

MatrixModel::MatrixModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MatrixModel::setMatrix(release::EnvironmentMatrix matrix)
{
    beginResetModel();
    m_matrix = std::move(matrix);
    endResetModel();
}

void MatrixModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 1), index(rowCount() - 1, columnCount() - 1));
}

void MatrixModel::setEnvironmentHealth(const QString &environment, health::Status status)
{
    m_health.insert(environment, status);
    const qsizetype column = m_matrix.environmentIndex(environment);
    if (column >= 0)
        Q_EMIT headerDataChanged(Qt::Horizontal, int(column) + 1, int(column) + 1);
}

health::Status MatrixModel::environmentHealth(const QString &environment) const
{
    return m_health.value(environment, health::Status::Unknown);
}

void MatrixModel::setDrift(const QList<health::Drift> &drift)
{
    m_live.clear();
    for (const health::Drift &d : drift) {
        if (d.isDrifted())
            m_live.insert(d.artifact + u'\n' + d.environment, d.live);
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 1), index(rowCount() - 1, columnCount() - 1));
}

void MatrixModel::setDeploymentState(const QString &artifact, const QString &environment, const QString &state)
{
    const QString key = artifact + u'\n' + environment;
    if (state.isEmpty() || state == u"deploying" || state == u"verifying")
        m_deploymentNote.remove(key); // a new run: the old explanation no longer applies
    if (state.isEmpty())
        m_deployment.remove(key);
    else
        m_deployment.insert(key, state);
    const qsizetype column = m_matrix.environmentIndex(environment);
    for (int row = 0; row < rowCount() && column >= 0; ++row) {
        if (m_matrix.rows[row].artifact == artifact)
            Q_EMIT dataChanged(index(row, int(column) + 1), index(row, int(column) + 1), {DeploymentStateRole});
    }
}

QString MatrixModel::deploymentState(const QString &artifact, const QString &environment) const
{
    return m_deployment.value(artifact + u'\n' + environment);
}

QString MatrixModel::cellState(const release::StoredDeployment &stored)
{
    if (stored.interrupted)
        return u"interrupted"_s;
    switch (stored.state.phase) {
    case release::DeploymentPhase::Deploying: return u"deploying"_s;
    case release::DeploymentPhase::Verifying: return u"verifying"_s;
    case release::DeploymentPhase::Failed: return u"failed"_s;
    case release::DeploymentPhase::RolledBack: return u"rolled back"_s;
    case release::DeploymentPhase::Pending:
    case release::DeploymentPhase::Deployed: break; // a live run that succeeded leaves no badge either
    }
    return {};
}

void MatrixModel::setStoredDeployments(const QList<release::StoredDeployment> &stored)
{
    for (const release::StoredDeployment &entry : stored) {
        const QString key = entry.artifact + u'\n' + entry.environment;
        const QString note = entry.interrupted ? entry.interruptionText() : entry.state.message;
        if (note.isEmpty())
            m_deploymentNote.remove(key);
        else
            m_deploymentNote.insert(key, note);
        setDeploymentState(entry.artifact, entry.environment, cellState(entry));
    }
}

void MatrixModel::loadDeploymentStates(const config::Workspace &workspace)
{
    const quint64 generation = ++m_statesGeneration;
    const QString file = release::FileDeploymentStateStore::defaultPath(workspace.directory());
    const QString locks = release::PromotionLock::defaultDirectory(workspace);
    // Reads a file and probes lock files: not on the GUI thread.
    QtConcurrent::run([file, locks] { return release::readStoredDeployments(file, locks); })
        .then(this, [this, generation](Result<QList<release::StoredDeployment>> stored) {
            if (generation != m_statesGeneration)
                return; // a newer workspace load asked again
            // An unreadable state file costs only the badges; the matrix itself is still right.
            if (stored)
                setStoredDeployments(*stored);
            Q_EMIT deploymentStatesLoaded();
        });
}

int MatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.rows.size());
}

int MatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_matrix.environments.size()) + 1;
}

QString MatrixModel::cellText(const MatrixCell &cell) const
{
    switch (cell.state) {
    case MatrixCell::State::NotDeployed:
        return tr("not deployed");
    case MatrixCell::State::Error:
        return tr("cannot read");
    case MatrixCell::State::Deployed:
        break;
    }
    return cell.version.isEmpty() ? cell.digest.mid(7, 12) : cell.version;
}

QString MatrixModel::ageText(const MatrixCell &cell) const
{
    if (!cell.created.isValid())
        return {};
    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    const RoundedAge age = roundAge(std::chrono::seconds(cell.created.secsTo(now)));
    switch (age.unit) {
    case RoundedAge::Unit::Seconds: return tr("%1 s ago").arg(age.value);
    case RoundedAge::Unit::Minutes: return tr("%1 min ago").arg(age.value);
    case RoundedAge::Unit::Hours: return tr("%1 h ago").arg(age.value);
    case RoundedAge::Unit::Days: return tr("%1 d ago").arg(age.value);
    case RoundedAge::Unit::Months: return tr("%1 mo ago").arg(age.value);
    case RoundedAge::Unit::Years: return tr("%1 y ago").arg(age.value);
    }
    return {};
}

QString MatrixModel::toolTip(const release::MatrixRow &row, qsizetype environment) const
{
    const MatrixCell &cell = row.cells[environment];
    const QString env = m_matrix.environments[environment].name;
    if (cell.state == MatrixCell::State::NotDeployed)
        return tr("%1 has never been deployed to %2 (no '%3' tag in %4).")
            .arg(row.artifact, env, m_matrix.environments[environment].tag, row.image);
    if (cell.state == MatrixCell::State::Error)
        return cell.error;
    QStringList lines;
    lines << u"<b>%1 %2</b> in %3"_s.arg(row.artifact.toHtmlEscaped(), cell.version.toHtmlEscaped(), env.toHtmlEscaped());
    lines << tr("Digest: %1").arg(cell.digest);
    if (!cell.commit.isEmpty())
        lines << tr("Commit: %1 %2").arg(cell.commit.left(12), cell.commitSubject.toHtmlEscaped());
    if (cell.created.isValid())
        lines << tr("Built: %1 (%2)").arg(cell.created.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s), ageText(cell));
    lines << tr("Tags: %1").arg(cell.tags.join(u", "_s).toHtmlEscaped());
    if (cell.behind && environment > 0)
        lines << tr("Behind %1, which runs %2.").arg(m_matrix.environments[environment - 1].name, row.cells[environment - 1].version);
    if (const QString live = m_live.value(row.artifact + u'\n' + env); !live.isEmpty())
        lines << tr("<b>Drift</b>: the environment reports %1 running, not %2.").arg(live.toHtmlEscaped(), cell.version.toHtmlEscaped());
    if (cell.ahead && environment > 0)
        lines << tr("Ahead of %1, which runs %2: a stage was skipped.").arg(m_matrix.environments[environment - 1].name,
                                                                           row.cells[environment - 1].version);
    const QString key = row.artifact + u'\n' + env;
    if (const QString state = m_deployment.value(key); !state.isEmpty()) {
        const QString note = m_deploymentNote.value(key);
        lines << tr("<b>Last change</b>: %1").arg(state.toHtmlEscaped()) + (note.isEmpty() ? QString() : u" — "_s + note.toHtmlEscaped());
    }
    return lines.join(u"<br>"_s);
}

QVariant MatrixModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const release::MatrixRow &row = m_matrix.rows[index.row()];
    if (index.column() == 0) {
        switch (role) {
        case Qt::DisplayRole: return row.artifact;
        case ImageRole: return row.image;
        case Qt::ToolTipRole: return tr("Image %1").arg(row.image);
        default: return {};
        }
    }
    const qsizetype environment = index.column() - 1;
    const MatrixCell &cell = row.cells[environment];
    switch (role) {
    case Qt::DisplayRole: return cellText(cell);
    case Qt::ToolTipRole: return toolTip(row, environment);
    case StateRole: return int(cell.state);
    case VersionRole: return cell.version;
    case DigestRole: return cell.digest;
    case CommitRole: return cell.commit;
    case SubjectRole: return cell.commitSubject;
    case CreatedRole: return cell.created;
    case BehindRole: return cell.behind;
    case AheadRole: return cell.ahead;
    case ErrorRole: return cell.error;
    case ImageRole: return row.image;
    case LiveVersionRole: return m_live.value(row.artifact + u'\n' + m_matrix.environments[environment].name);
    case DeploymentStateRole: return m_deployment.value(row.artifact + u'\n' + m_matrix.environments[environment].name);
    default: return {};
    }
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return role == Qt::DisplayRole ? QVariant(tr("Artifact")) : QVariant();
    const release::MatrixEnvironment &environment = m_matrix.environments[section - 1];
    switch (role) {
    case Qt::DisplayRole:
        return environment.isProtected ? tr("%1 (protected)").arg(environment.name) : environment.name;
    case Qt::DecorationRole: {
        // The icons come with the application's resources (rd_resources).
        static const QIcon icons[] = {QIcon(u":/icons/unknown.svg"_s), QIcon(u":/icons/healthy.svg"_s),
                                      QIcon(u":/icons/degraded.svg"_s), QIcon(u":/icons/down.svg"_s)};
        return icons[int(environmentHealth(environment.name))];
    }
    case Qt::ToolTipRole: {
        QString text = tr("Health: %1").arg(HealthModel::statusText(environmentHealth(environment.name))) + u'\n';
        text += tr("Registry tag: %1").arg(environment.tag);
        if (!environment.branch.isEmpty())
            text += u'\n' + tr("Git branch: %1").arg(environment.branch);
        return text;
    }
    default:
        return {};
    }
}

} // namespace rd::ui
