// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QStackedLayout;
class QTableView;

namespace rd::ui {

class MatrixModel;

// The environment matrix as a person reads it: a table of version cards with environments
// as columns in promotion order, a legend, and a message in place of the table while loading
// or when the workspace cannot be read.
class MatrixView final : public QWidget
{
    Q_OBJECT
public:
    explicit MatrixView(MatrixModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    // Shows `text` instead of the table (loading, or an error); an empty text shows the table.
    void setMessage(const QString &text);

private:
    void fitColumns();
    void addCopyActions();

    MatrixModel *m_model;
    QTableView *m_table;
    QLabel *m_message;
    QStackedLayout *m_stack;
};

} // namespace rd::ui
