export { perfectReply, WEATHER_TOOLS, weatherRecords, writeWeatherDataset } from "./weather-dataset.js";
