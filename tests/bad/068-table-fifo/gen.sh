rm -f records.csv
mkfifo records.csv
