"""What a report says: the analyses, tables, verdicts and summaries its notebook shows.

How a report is rendered, frozen and verified is :mod:`evalkit.render`, one layer up; this
package never imports it.
"""
