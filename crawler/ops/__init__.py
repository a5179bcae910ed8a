"""How a run behaves and reports: monitors (Spidermon), alerts, run history, quarantine, coverage floors."""
