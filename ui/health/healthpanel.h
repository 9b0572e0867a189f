// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QTableView;
class QTimer;

namespace rd::health {
class HealthMonitor;
}

namespace rd::ui {

class HealthModel;

// The health panel: each check of each environment with its status dot, last latency, a
// sparkline of recent latencies (coloured by status) and its last error. Follows a
// HealthMonitor, refreshing at most every 250 ms however many checks finish.
class HealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HealthPanel(QWidget *parent = nullptr);

    void setMonitor(health::HealthMonitor *monitor);
    HealthModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    void refresh();

    HealthModel *m_model;
    QTableView *m_view;
    QTimer *m_refresh;
    QPointer<health::HealthMonitor> m_monitor;
};

} // namespace rd::ui
