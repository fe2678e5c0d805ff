mkdir events.csv
