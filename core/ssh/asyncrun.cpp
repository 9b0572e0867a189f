// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/asyncrun.h"

#include <QMutex>
#include <QThreadPool>
#include <atomic>

namespace rd::ssh {

namespace {

// Whether the receiving side still exists, checked and used under one mutex so the worker
// never posts to an object that is being destroyed.
struct Delivery
{
    QMutex mutex;
    QObject *relay = nullptr;
    std::atomic_bool cancel = false;
};

// A child of the caller's context: it dies with it, and then nothing is delivered.
class Relay final : public QObject
{
public:
    Relay(QObject *parent, std::shared_ptr<Delivery> delivery)
        : QObject(parent)
        , m_delivery(std::move(delivery))
    {
    }
    ~Relay() override
    {
        QMutexLocker lock(&m_delivery->mutex);
        m_delivery->relay = nullptr;
        m_delivery->cancel = true;
    }

private:
    std::shared_ptr<Delivery> m_delivery;
};

QThreadPool &pool()
{
    // Blocking network waits: not on the global pool, whose threads equal the cores.
    static QThreadPool *instance = [] {
        auto *created = new QThreadPool;
        created->setMaxThreadCount(16);
        created->setExpiryTimeout(30'000);
        return created;
    }();
    return *instance;
}

} // namespace

void runAsync(std::shared_ptr<CommandHost> host, const QString &command, ExecOptions options, QObject *context,
              std::function<void(const Result<ExecResult> &)> done)
{
    auto delivery = std::make_shared<Delivery>();
    delivery->relay = new Relay(context, delivery);
    options.cancel = &delivery->cancel;
    pool().start([host = std::move(host), command, options = std::move(options), delivery, done = std::move(done)] {
        Result<ExecResult> result = host->run(command, options);
        QMutexLocker lock(&delivery->mutex);
        if (!delivery->relay)
            return;
        QObject *relay = delivery->relay;
        QMetaObject::invokeMethod(relay, [relay, done, result = std::move(result)] {
            done(result);
            relay->deleteLater();
        }, Qt::QueuedConnection);
    });
}

} // namespace rd::ssh
