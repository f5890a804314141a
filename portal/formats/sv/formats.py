# The Swedish web guidelines: "13 december 2013" in running text, "2013-12-13" where space is short,
# times as "9.00" (written "kl. 9.00–15.30" by the templates).
DATE_FORMAT = "j F Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = "j F Y, \\k\\l. G.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d G.i"
FIRST_DAY_OF_WEEK = 1
