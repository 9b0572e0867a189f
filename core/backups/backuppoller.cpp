// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backuppoller.h"

#include "ssh/hostpool.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace rd::backups {

BackupPoller::BackupPoller(config::Workspace workspace, std::shared_ptr<ssh::HostPool> pool, QObject *parent)
    : QObject(parent)
    , m_workspace(std::move(workspace))
    , m_pool(std::move(pool))
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(interval());
    connect(m_timer, &QTimer::timeout, this, &BackupPoller::refresh);
}

BackupPoller::~BackupPoller()
{
    // A read still running finds the flag and stops; it owns copies of what it uses.
    m_cancel->store(true);
}

std::chrono::milliseconds BackupPoller::interval() const
{
    std::chrono::seconds shortest{0};
    for (const config::Environment &environment : m_workspace.environments) {
        if (environment.backups && (shortest.count() == 0 || environment.backups->interval < shortest))
            shortest = environment.backups->interval;
    }
    return shortest.count() > 0 ? std::chrono::milliseconds(shortest) : std::chrono::milliseconds(std::chrono::minutes(10));
}

void BackupPoller::start()
{
    m_timer->start();
    refresh();
}

void BackupPoller::stop()
{
    m_timer->stop();
}

void BackupPoller::refresh()
{
    if (m_running) {
        m_again = true;
        return;
    }
    launch();
}

void BackupPoller::launch()
{
    m_running = true;
    m_again = false;
    Q_EMIT refreshStarted();
    QtConcurrent::run([workspace = m_workspace, pool = m_pool, cancel = m_cancel] {
        return readAllBackupStatus(workspace, *pool, QDateTime::currentDateTimeUtc(), cancel.get());
    }).then(this, [this](const QList<BackupStatus> &statuses) {
        m_running = false;
        if (m_again) {
            // Someone asked after this read began (e.g. after a backup ran): its answer may be old.
            launch();
            return;
        }
        m_statuses = statuses;
        Q_EMIT updated(m_statuses);
    });
}

} // namespace rd::backups
