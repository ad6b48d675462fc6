"""The morning brief and threshold alerts, mailed for each reader's scope (issue 18): content reads
the engine, render puts it into words and pictures, mail sends it, alerts decides what is due."""
