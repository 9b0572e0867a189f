// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixview.h"

#include "matrixcelldelegate.h"
#include "matrixmodel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rd::ui {

MatrixView::MatrixView(MatrixModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new QTableView(this))
    , m_message(new QLabel(this))
    , m_stack(new QStackedLayout)
{
    m_table->setObjectName(u"matrixTable"_s);
    m_table->setModel(model);
    m_table->setItemDelegate(new MatrixCellDelegate(m_table));
    m_table->setShowGrid(false);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // two cells of a row: compare them
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->horizontalHeader()->setStyleSheet(u"QHeaderView::section { padding: 6px 12px; font-weight: bold; }"_s);
    addCopyActions();
    connect(model, &QAbstractItemModel::modelReset, this, &MatrixView::fitColumns);

    m_message->setObjectName(u"matrixMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMargin(24);

    auto *legend = new QLabel(this);
    legend->setObjectName(u"matrixLegend"_s);
    legend->setText(tr("Environments in promotion order, left to right. "
                       "<span style='color:#c27c00'><b>behind</b></span>: older than the environment to its left. "
                       "<span style='color:#1565c0'><b>ahead</b></span>: newer than it (a stage was skipped). "
                       "Dashed: never deployed. <span style='color:#c62828'><b>live</b></span>: the environment reports another version (drift). "
                       "@digest ⎇ commit."));
    legend->setWordWrap(true);
    legend->setContentsMargins(8, 4, 8, 4);

    auto *tableHolder = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableHolder);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(legend);
    m_stack->addWidget(tableHolder);
    m_stack->addWidget(m_message);
    setLayout(m_stack);
}

void MatrixView::setMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentIndex(text.isEmpty() ? 0 : 1);
}

void MatrixView::addCopyActions()
{
    // What people paste into chat and tickets during an incident: exact ids, not screenshots.
    const auto addCopy = [this](const QString &text, int role, const QKeySequence &shortcut) {
        auto *action = new QAction(text, m_table);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, [this, role] {
            const QModelIndex index = m_table->currentIndex();
            const QString value = index.data(role).toString();
            if (index.isValid() && !value.isEmpty())
                QGuiApplication::clipboard()->setText(value);
        });
        m_table->addAction(action);
    };
    addCopy(tr("Copy Version"), Qt::DisplayRole, QKeySequence::Copy);
    addCopy(tr("Copy Digest"), MatrixModel::DigestRole, QKeySequence(tr("Ctrl+Shift+D")));
    addCopy(tr("Copy Commit"), MatrixModel::CommitRole, QKeySequence(tr("Ctrl+Shift+C")));
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MatrixView::fitColumns()
{
    m_table->resizeRowsToContents();
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Stretch);
    header->setMinimumSectionSize(fontMetrics().averageCharWidth() * 24);
}

} // namespace rd::ui
