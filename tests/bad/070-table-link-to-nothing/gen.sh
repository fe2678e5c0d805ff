rm -f staff.csv
ln -s /nonexistent/staff.csv staff.csv
