# Indonesian date formats: "Jumat, 28 November 2025", times in 24 hours with "WIB" added by templates.
DATE_FORMAT = "l, j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "l, j F Y H.i"
SHORT_DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
