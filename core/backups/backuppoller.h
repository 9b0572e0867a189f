// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backups/backupstatus.h"
#include "config/workspace.h"

#include <QList>
#include <QObject>
#include <atomic>
#include <memory>

class QTimer;

namespace rd::ssh {
class HostPool;
}

// Keeps the backup status of every environment fresh for the GUI: reads them all now and then
// every `interval` (the shortest configured one, 10 minutes by default) on a worker thread,
// and emits the result on the poller's thread. A refresh asked for while one runs is folded
// into one more run after it; results from before the newest request are never emitted late.
namespace rd::backups {

class BackupPoller : public QObject
{
    Q_OBJECT
public:
    BackupPoller(config::Workspace workspace, std::shared_ptr<ssh::HostPool> pool, QObject *parent = nullptr);
    ~BackupPoller() override;

    std::chrono::milliseconds interval() const;
    void start();                    // refresh now, then every interval()
    void stop();
    void refresh();                  // read every environment now (or right after the running read)
    bool isRunning() const { return m_running; }
    const QList<BackupStatus> &statuses() const { return m_statuses; }
    const config::Workspace &workspace() const { return m_workspace; }
    const std::shared_ptr<ssh::HostPool> &pool() const { return m_pool; }

Q_SIGNALS:
    void refreshStarted();
    void updated(const QList<rd::backups::BackupStatus> &statuses);

private:
    void launch();

    config::Workspace m_workspace;
    std::shared_ptr<ssh::HostPool> m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    QTimer *m_timer = nullptr;
    QList<BackupStatus> m_statuses;
    bool m_running = false;
    bool m_again = false;
};

} // namespace rd::backups
